#include "common/sql_type.h"

#include <gtest/gtest.h>

namespace ecomdw {
namespace {

TEST(SqlTypeTest, CanonicalSpellings) {
  EXPECT_EQ(ParseSqlType("varchar")->ToSql(), "VARCHAR");
  EXPECT_EQ(ParseSqlType(" decimal ( 12 , 4 ) ")->ToSql(), "DECIMAL(12,4)");
  EXPECT_EQ(ParseSqlType("NUMERIC(10)")->ToSql(), "DECIMAL(10,0)");
  EXPECT_EQ(ParseSqlType("DECIMAL")->ToSql(), "DECIMAL(18,3)");
  EXPECT_EQ(ParseSqlType("int")->ToSql(), "INTEGER");
  EXPECT_EQ(ParseSqlType("timestamp with time zone")->ToSql(), "TIMESTAMPTZ");
  EXPECT_EQ(ParseSqlType("DECIMAL(12,4)")->scale, 4);
}

TEST(SqlTypeTest, RefusesAnythingOutsideTheGrammar) {
  for (const char* bad : {"VARCHAR); COPY (SELECT 'x') TO 'pwned.csv'; --", "DECIMALL", "DECIMAL(39,2)",
                          "DECIMAL(5,6)", "VARCHAR(10", "INTEGER[]", "", "DOUBLE PRECISION; DROP TABLE x",
                          "STRUCT(a INT)", "DECIMAL(1234,2)", "VARCHAR -- comment"}) {
    Result<SqlType> r = ParseSqlType(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
    }
  }
}

}  // namespace
}  // namespace ecomdw
