#include "warehouse/sql_macros.h"

#include <gtest/gtest.h>

#include "warehouse/duckdb/duckdb_adapter.h"
#include "warehouse/postgres/postgres_adapter.h"

namespace ecomdw::warehouse {
namespace {

std::string Duck(const std::string& sql) {
  auto r = ExpandMacros(sql, "models/x/y.sql", DuckDbDialect());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : "";
}

std::string Pg(const std::string& sql) {
  auto r = ExpandMacros(sql, "models/x/y.sql", PostgresDialect());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : "";
}

std::string Error(const std::string& sql) {
  auto r = ExpandMacros(sql, "models/x/y.sql", DuckDbDialect());
  EXPECT_FALSE(r.ok()) << "expanded: " << (r.ok() ? *r : "");
  return r.ok() ? "" : r.status().message();
}

TEST(SqlMacrosTest, ExpandsPerEngine) {
  EXPECT_EQ(Duck("SELECT {{ surrogate_key(a, 'first') }} AS k"),
            "SELECT CAST(('0x' || substr(md5(CAST(a AS VARCHAR) || '|' || CAST('first' AS VARCHAR)), 1, 15)) "
            "AS BIGINT) AS k");
  EXPECT_EQ(Pg("SELECT {{surrogate_key(a)}}"),
            "SELECT CAST(CAST(('x0' || substr(md5(CAST(a AS VARCHAR)), 1, 15)) AS BIT(64)) AS BIGINT)");
  EXPECT_EQ(Duck("{{ month_name(d) }}"), "strftime(d, '%B')");
  EXPECT_EQ(Pg("{{ month_name(d) }}"), "to_char(d, 'FMMonth')");
  EXPECT_EQ(Pg("{{ day_name(d) }}"), "to_char(d, 'FMDay')");
  EXPECT_EQ(Pg("{{ month_start(x.d) }}"), "CAST(date_trunc('month', CAST(x.d AS TIMESTAMP)) AS DATE)");
  EXPECT_EQ(Duck("{{ format_date(d, '%Y-%m ''q'' 100%%') }}"), "strftime(d, '%Y-%m ''q'' 100%%')");
  EXPECT_EQ(Pg("{{ format_date(d, '%Y-%m \"x\"') }}"), "to_char(d, 'YYYY\"-\"MM\" \\\"x\\\"\"')");
  // Arguments are split at top-level commas only.
  EXPECT_EQ(Duck("{{ date_spine(make_date(2024, 1, 1), coalesce(a, ',')) }}"),
            "generate_series(CAST(make_date(2024, 1, 1) AS TIMESTAMP), CAST(coalesce(a, ',') AS TIMESTAMP), "
            "INTERVAL '1 day')");
}

TEST(SqlMacrosTest, LeavesLiteralsAndCommentsAlone) {
  const std::string sql = "SELECT '{{ nope() }}', \"{{x}}\" -- {{ nope() }}\n/* {{ nope( */ 1";
  EXPECT_EQ(Duck(sql), sql);
}

TEST(SqlMacrosTest, IsStrictAndNamesFileAndLine) {
  EXPECT_EQ(Error("SELECT 1,\n  {{ surrogatekey(a) }}"),
            "models/x/y.sql:2: unknown macro \"surrogatekey\" (known: surrogate_key, hash_hex, date_spine, "
            "month_name, day_name, day_of_week, month_start, format_date)");
  EXPECT_EQ(Error("\n\n{{ month_name(a, b) }}"), "models/x/y.sql:3: month_name takes 1 argument(s), got 2");
  EXPECT_EQ(Error("{{ surrogate_key() }}"), "models/x/y.sql:1: surrogate_key takes 1 to 16 argument(s), got 0");
  EXPECT_NE(Error("{{ month_name(a)").find("models/x/y.sql:1: '{{' without a closing '}}'"), std::string::npos);
  EXPECT_NE(Error("a }} b").find("'}}' without an opening"), std::string::npos);
  EXPECT_NE(Error("{{ month_name }}").find("name(arguments)"), std::string::npos);
  EXPECT_NE(Error("{{ month_name({{ x() }}) }}").find("a macro inside a macro"), std::string::npos);
  EXPECT_NE(Error("{{ month_name(f(a) }}").find("unbalanced"), std::string::npos);
  EXPECT_NE(Error("{{ format_date(d, fmt) }}").find("one string literal"), std::string::npos);
  EXPECT_NE(Error("{{ format_date(d, '%j') }}").find("does not know %j"), std::string::npos);
  EXPECT_NE(Error("{{ day_name(a,) }}").find("empty macro argument"), std::string::npos);
}

}  // namespace
}  // namespace ecomdw::warehouse
