// Typing text against contract types: exact or refused, never rounded.
#include "staging/value_parse.h"

#include <gtest/gtest.h>

namespace ecomdw::staging {
namespace {

SqlType T(const char* text) {
  auto t = ParseSqlType(text);
  EXPECT_TRUE(t.ok()) << text;
  return *t;
}

bool Parse(const char* type, const char* text, int64_t* v, std::string* why = nullptr) {
  double d;
  std::string w;
  bool ok = ParseTypedValue(T(type), text, v, &d, &w);
  if (why) *why = w;
  return ok;
}

TEST(ValueParse, DecimalKeepsItsScaleAndRefusesSubCents) {
  int64_t v;
  std::string why;
  EXPECT_TRUE(Parse("DECIMAL(12,2)", "12.34", &v));
  EXPECT_EQ(v, 1234);
  EXPECT_TRUE(Parse("DECIMAL(12,2)", "12.340", &v));  // a trailing zero is not a decimal lost
  EXPECT_EQ(v, 1234);
  EXPECT_TRUE(Parse("DECIMAL(12,2)", "-0.5", &v));
  EXPECT_EQ(v, -50);
  EXPECT_TRUE(Parse("DECIMAL(12,2)", " 7 ", &v));
  EXPECT_EQ(v, 700);
  EXPECT_FALSE(Parse("DECIMAL(12,2)", "12.345", &v, &why));
  EXPECT_NE(why.find("3 decimals"), std::string::npos) << why;
  EXPECT_FALSE(Parse("DECIMAL(12,2)", "12345678901.00", &v, &why));  // 11 integer digits > 10
  EXPECT_FALSE(Parse("DECIMAL(12,2)", "1e3", &v));
  EXPECT_FALSE(Parse("DECIMAL(12,2)", "12.3.4", &v));
  EXPECT_TRUE(Parse("DECIMAL(18,4)", "12.3456", &v));
  EXPECT_EQ(v, 123456);
  EXPECT_TRUE(Parse("DECIMAL(18,6)", "1.083200", &v));
  EXPECT_EQ(v, 1083200);
}

TEST(ValueParse, IntegersAreExact) {
  int64_t v;
  EXPECT_TRUE(Parse("INTEGER", "42", &v));
  EXPECT_EQ(v, 42);
  EXPECT_TRUE(Parse("INTEGER", "3.00", &v));
  EXPECT_EQ(v, 3);
  EXPECT_FALSE(Parse("INTEGER", "1.5", &v));
  EXPECT_FALSE(Parse("INTEGER", "3000000000", &v));
  EXPECT_TRUE(Parse("BIGINT", "3000000000", &v));
  EXPECT_FALSE(Parse("SMALLINT", "40000", &v));
  EXPECT_FALSE(Parse("BIGINT", "12abc", &v));
}

TEST(ValueParse, DatesAndTimestamps) {
  int64_t v;
  EXPECT_TRUE(Parse("DATE", "2024-02-29", &v));
  EXPECT_EQ(v, 19782);
  EXPECT_FALSE(Parse("DATE", "2023-02-29", &v));
  EXPECT_FALSE(Parse("DATE", "2024-13-01", &v));
  EXPECT_TRUE(Parse("TIMESTAMP", "2024-01-01T10:00:00Z", &v));
  EXPECT_EQ(v, 1704103200000000);
  EXPECT_TRUE(Parse("TIMESTAMP", "2024-01-01 10:00:00", &v));
  EXPECT_EQ(v, 1704103200000000);
  EXPECT_TRUE(Parse("TIMESTAMP", "2024-01-01T12:00:00+02:00", &v));  // offsets are applied: UTC
  EXPECT_EQ(v, 1704103200000000);
  EXPECT_TRUE(Parse("TIMESTAMP", "2024-01-01 10:00:00.25", &v));
  EXPECT_EQ(v, 1704103200250000);
  EXPECT_TRUE(Parse("TIMESTAMP", "2024-01-01", &v));
  EXPECT_EQ(v, 1704067200000000);
  EXPECT_FALSE(Parse("TIMESTAMP", "2024-01-01T25:00:00Z", &v));
  EXPECT_FALSE(Parse("TIMESTAMP", "yesterday", &v));
}

TEST(ValueParse, Booleans) {
  int64_t v;
  EXPECT_TRUE(Parse("BOOLEAN", "true", &v));
  EXPECT_EQ(v, 1);
  EXPECT_TRUE(Parse("BOOLEAN", "FALSE", &v));
  EXPECT_EQ(v, 0);
  EXPECT_FALSE(Parse("BOOLEAN", "maybe", &v));
}

}  // namespace
}  // namespace ecomdw::staging
