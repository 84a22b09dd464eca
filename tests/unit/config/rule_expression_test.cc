#include "config/rule_expression.h"

#include <gtest/gtest.h>

namespace ecomdw::config {
namespace {

std::string Sql(const std::string& text) {
  auto r = ParseRuleExpression(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? r->sql : "";
}

std::string Refusal(const std::string& text) {
  auto r = ParseRuleExpression(text);
  EXPECT_FALSE(r.ok()) << text << " was accepted as: " << (r.ok() ? r->sql : "");
  return r.ok() ? "" : r.status().message();
}

TEST(RuleExpressionTest, TheBuiltInRulesParseAndAreRewrittenCanonically) {
  EXPECT_EQ(Sql("NOT regexp_full_match(lower(trim(email)), '[a-z0-9._%+-]+@[a-z0-9.-]+[.][a-z]{2,}')"),
            "NOT regexp_full_match(lower(trim(email)), '[a-z0-9._%+-]+@[a-z0-9.-]+[.][a-z]{2,}')");
  EXPECT_EQ(Sql("lower(trim(country)) NOT IN ('united states', 'canada')"),
            "lower(trim(country)) NOT IN ('united states', 'canada')");
  auto fx = ParseRuleExpression(
      "NOT EXISTS (SELECT 1 FROM staging.ecb_fx_rates fx WHERE fx.currency = row_.currency AND fx.date = "
      "CAST(row_.order_ts AS DATE))");
  ASSERT_TRUE(fx.ok()) << fx.status().ToString();
  EXPECT_EQ(fx->sql,
            "NOT EXISTS (SELECT 1 FROM staging.ecb_fx_rates fx WHERE fx.currency = row_.currency AND fx.date = "
            "CAST(row_.order_ts AS DATE))");
  EXPECT_EQ(fx->tables, std::vector<std::string>{"ecb_fx_rates"});
}

TEST(RuleExpressionTest, TheGrammarCoversOrdinaryRules) {
  EXPECT_EQ(Sql("quantity<=0 or unit_price  <  0"), "quantity <= 0 OR unit_price < 0");
  EXPECT_EQ(Sql("x::decimal(12, 2) BETWEEN -1.5 AND 1e3"), "x::DECIMAL(12,2) BETWEEN - 1.5 AND 1e3");
  EXPECT_EQ(Sql("status IS NOT DISTINCT FROM 'x' AND note ILIKE '%it''s%' ESCAPE '\\'"),
            "status IS NOT DISTINCT FROM 'x' AND note ILIKE '%it''s%' ESCAPE '\\'");
  EXPECT_EQ(Sql("CASE WHEN a THEN b ELSE c END"), "CASE WHEN a THEN b ELSE c END");
  EXPECT_EQ(Sql("order_date > DATE '2030-01-01' OR try_cast(total AS double) IS NULL"),
            "order_date > DATE '2030-01-01' OR TRY_CAST(total AS DOUBLE) IS NULL");
  EXPECT_EQ(Sql("coalesce(a, b) || 'x' = 'yx'"), "coalesce(a, b) || 'x' = 'yx'");
}

TEST(RuleExpressionTest, InjectionAndSideEffectsAreRefusedWithThePlace) {
  EXPECT_NE(Refusal("x = 1; COPY (SELECT 1) TO 'pwned.csv'").find("';' would end the statement"), std::string::npos);
  EXPECT_NE(Refusal("x = 1 -- comment").find("comment"), std::string::npos);
  EXPECT_NE(Refusal("x = 1 /* c */").find("comment"), std::string::npos);
  EXPECT_NE(Refusal("\"x\" = 1").find("quoted identifiers"), std::string::npos);
  EXPECT_NE(Refusal("x = $1").find("'$' is not allowed at byte 5"), std::string::npos);
  EXPECT_NE(Refusal("x = E'\\x41'").find("prefixed string"), std::string::npos);
  // Table functions and other subqueries: only EXISTS over staging.
  EXPECT_NE(Refusal("EXISTS (SELECT 1 FROM read_csv('/etc/passwd'))").find("staging.<source> only"),
            std::string::npos);
  EXPECT_NE(Refusal("EXISTS (SELECT 1 FROM staging.x, read_text('/etc/passwd'))").find("unexpected \",\""),
            std::string::npos);
  EXPECT_NE(Refusal("EXISTS (SELECT 1 FROM staging.query('COPY x TO y'))").find("expected a source name"),
            std::string::npos);
  EXPECT_NE(Refusal("x IN (SELECT secret FROM ops.ingest_ledger)").find("not a subquery"), std::string::npos);
  EXPECT_NE(Refusal("(SELECT 1) = 1").find("the only subquery"), std::string::npos);
  EXPECT_NE(Refusal("x = 1) OR (1 = 1").find("unexpected \")\""), std::string::npos);
  EXPECT_NE(Refusal("x = 1 UNION SELECT 2").find("unexpected \"UNION\""), std::string::npos);
  EXPECT_NE(Refusal("getenv('HOME') = ''").find("function \"getenv\" is not allowed"), std::string::npos);
  EXPECT_NE(Refusal("now() > x").find("function \"now\""), std::string::npos);
  EXPECT_NE(Refusal("count(*) > 1").find("function \"count\""), std::string::npos);
  EXPECT_NE(Refusal("x::VARCHAR); DROP TABLE t; --").find("';'"), std::string::npos);
  EXPECT_NE(Refusal("CAST(x AS DECIMALL)").find("DECIMALL"), std::string::npos);
  EXPECT_NE(Refusal("select = 1").find("keyword"), std::string::npos);
  EXPECT_NE(Refusal("a.b.c = 1").find("name or alias.name"), std::string::npos);
  EXPECT_NE(Refusal("x = 'open").find("not closed"), std::string::npos);
  EXPECT_NE(Refusal("x = 'a\nb'").find("control character"), std::string::npos);
  EXPECT_NE(Refusal("").find("empty"), std::string::npos);
  EXPECT_NE(Refusal("x = 1 x").find("after the expression"), std::string::npos);
}

TEST(RuleExpressionTest, HugeOrDeeplyNestedRulesAreRefusedNotCrashed) {
  EXPECT_NE(Refusal(std::string(100, '(') + "x" + std::string(100, ')')).find("nested deeper"), std::string::npos);
  EXPECT_NE(Refusal(std::string(100000, '-') + "1").find("more than"), std::string::npos);
  std::string nots;
  for (int i = 0; i < 500; ++i) nots += "NOT ";
  EXPECT_NE(Refusal(nots + "x").find("nested deeper"), std::string::npos);
}

}  // namespace
}  // namespace ecomdw::config
