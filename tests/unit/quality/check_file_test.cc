// Reading check files strictly: names, defaults, and errors naming file:line:key.
#include <gtest/gtest.h>

#include "quality/checks.h"

namespace ecomdw::quality {
namespace {

TEST(CheckFileTest, ParsesChecksWithDefaultsAndNames) {
  auto checks = ParseCheckFile("checks/core/fact_orders.toml", R"(
[[check]]
type = "not_null"
columns = ["order_id", "line_number"]

[[check]]
type = "unique"
columns = ["order_id", "line_number"]
severity = "warn"
name = "one_row_per_line"
)");
  ASSERT_TRUE(checks.ok()) << checks.status().ToString();
  ASSERT_EQ(checks->size(), 2u);
  EXPECT_EQ((*checks)[0].name, "core.fact_orders.not_null_order_id_line_number");
  EXPECT_EQ((*checks)[0].severity, Severity::kError);
  EXPECT_EQ((*checks)[0].line, 2);
  EXPECT_EQ((*checks)[0].table_name(), "core.fact_orders");
  EXPECT_EQ((*checks)[1].name, "core.fact_orders.one_row_per_line");
  EXPECT_EQ((*checks)[1].short_name(), "one_row_per_line");
  EXPECT_EQ((*checks)[1].severity, Severity::kWarn);
  EXPECT_EQ((*checks)[1].line, 6);
  EXPECT_NE((*checks)[1].sql.find("HAVING count(*) > 1"), std::string::npos);
}

TEST(CheckFileTest, TypoNamesFileLineAndKey) {
  auto checks = ParseCheckFile("checks/core/fact_orders.toml", R"([[check]]
type = "not_null"
column = "order_id"

[[check]]
type = "range"
column = "quantity"
mni = 1
)");
  ASSERT_FALSE(checks.ok());
  EXPECT_EQ(checks.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(checks.status().message().find("checks/core/fact_orders.toml:8"), std::string::npos)
      << checks.status().message();
  EXPECT_NE(checks.status().message().find("\"check[1].mni\""), std::string::npos) << checks.status().message();
}

TEST(CheckFileTest, WrongTypeAndUnknownValuesAreRefused) {
  struct Case {
    std::string toml, expect;
  } cases[] = {
      {"[[check]]\ntype = \"not_null\"\ncolumn = 3\n", ":3: key \"check[0].column\": expected a string"},
      {"[[check]]\ntype = \"not_nul\"\ncolumn = \"a\"\n", ":2: key \"check[0].type\": unknown check type"},
      {"[[check]]\ntype = \"not_null\"\ncolumn = \"a\"\nseverity = \"fatal\"\n", ":4: key \"check[0].severity\""},
      {"[[check]]\ntype = \"range\"\ncolumn = \"a\"\nmax = 2.5\n", ":4: key \"check[0].max\": expected a number"},
      {"[[check]]\ntype = \"not_null\"\ncolumn = \"a; DROP TABLE x\"\n", ":3: key \"check[0].column\""},
      {"[[check]]\ntype = \"accepted_values\"\ncolumn = \"a\"\n", "missing required key \"check[0].values\""},
      {"[[check]]\ntype = \"expression\"\nexpression = \"a > 0\"\n", "missing required key \"check[0].name\""},
      {"[[check]]\ntype = \"not_null\"\ncolumn = \"a\"\n[[check]]\ntype = \"not_null\"\ncolumn = \"a\"\n",
       ":4: check \"s.t.not_null_a\" is already defined at line 1"},
      {"[checks]\ntype = \"not_null\"\n", ":1: unknown key \"checks\""},
      {"[[check]]\ntype = \"quarantine_rate\"\nmax_percent = 500\n", "must be within 0..100"},
  };
  for (const Case& c : cases) {
    auto checks = ParseCheckFile("checks/s/t.toml", c.toml);
    ASSERT_FALSE(checks.ok()) << c.toml;
    EXPECT_EQ(checks.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(checks.status().message().find(c.expect), std::string::npos)
        << "want: " << c.expect << "\ngot: " << checks.status().message();
  }
}

TEST(CheckFileTest, DecimalNumbersAreStringsAndStayExact) {
  auto checks = ParseCheckFile("checks/s/t.toml",
                               "[[check]]\ntype = \"range\"\ncolumn = \"rate\"\nmin = 0\nmax = \"0.75\"\n");
  ASSERT_TRUE(checks.ok()) << checks.status().ToString();
  EXPECT_NE((*checks)[0].sql.find("\"rate\" > 0.75"), std::string::npos) << (*checks)[0].sql;
  auto bad = ParseCheckFile("checks/s/t.toml", "[[check]]\ntype = \"range\"\ncolumn = \"a\"\nmax = \"1; --\"\n");
  EXPECT_FALSE(bad.ok());
}

TEST(CheckFileTest, PathMustNameSchemaAndTable) {
  EXPECT_FALSE(ParseCheckFile("fact_orders.toml", "").ok());
  EXPECT_FALSE(ParseCheckFile("checks/core/fact-orders.toml", "").ok());
  auto empty = ParseCheckFile("checks/core/fact_orders.toml", "");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(CheckFileTest, SelectMatchesNamesAndTables) {
  auto a = ParseCheckFile("checks/core/a.toml", "[[check]]\ntype = \"row_count\"\n");
  auto b = ParseCheckFile("checks/marts/b.toml", "[[check]]\ntype = \"row_count\"\n[[check]]\ntype = \"not_null\"\ncolumn = \"x\"\n");
  ASSERT_TRUE(a.ok() && b.ok());
  std::vector<Check> all = *a;
  all.insert(all.end(), b->begin(), b->end());
  EXPECT_EQ(SelectChecks(all, {})->size(), 3u);
  EXPECT_EQ(SelectChecks(all, {"b"})->size(), 2u);
  EXPECT_EQ(SelectChecks(all, {"marts.b"})->size(), 2u);
  EXPECT_EQ(SelectChecks(all, {"core.a.row_count"})->size(), 1u);
  EXPECT_EQ(SelectChecks(all, {"not_null_x", "a"})->size(), 2u);
  auto none = SelectChecks(all, {"nope"});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("\"nope\""), std::string::npos);
}

}  // namespace
}  // namespace ecomdw::quality
