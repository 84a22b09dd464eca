// PostgreSQL text formats, both ways (no server needed).
#include "warehouse/postgres/pg_text.h"

#include <gtest/gtest.h>

namespace ecomdw::warehouse::pg_internal {
namespace {

std::string Text(const Value& v) {
  std::string out;
  AppendText(v, &out);
  return out;
}

Value Parse(unsigned oid, std::string_view text, int fmod = -1) {
  Value v;
  Status s = ParseField(oid, fmod, text, "c", &v);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return v;
}

TEST(PgTextTest, ValuesInPostgresTextForm) {
  EXPECT_EQ(Text(true), "t");
  EXPECT_EQ(Text(int64_t{INT64_MIN}), "-9223372036854775808");
  EXPECT_EQ(Text(0.1), "0.1");
  EXPECT_EQ(Text(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(Text(std::nan("")), "NaN");
  EXPECT_EQ(Text(Decimal{-5, 18, 2}), "-0.05");
  EXPECT_EQ(Text(Decimal{INT64_MIN + 1, 18, 0}), "-9223372036854775807");
  EXPECT_EQ(Text(DateFromCivil(2024, 2, 29)), "2024-02-29");
  EXPECT_EQ(Text(DateFromCivil(0, 1, 1)), "0001-01-01 BC");
  EXPECT_EQ(Text(Timestamp{-1}), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(Text(Timestamp{0}), "1970-01-01 00:00:00");
  EXPECT_EQ(Text(Blob{std::string("\x00\xfe", 2)}), "\\x00fe");
  EXPECT_EQ(ParamTypeOid(std::monostate{}), 0u);
  EXPECT_EQ(ParamTypeOid(Decimal{}), kNumericOid);
}

TEST(PgTextTest, FieldsReadByTypeAndRoundTrip) {
  for (int64_t micros : {int64_t{0}, int64_t{-1}, int64_t{1'709'210'096'123'456}, int64_t{-62'135'596'800'000'000}}) {
    EXPECT_EQ(Parse(kTimestampOid, Text(Timestamp{micros})), Value(Timestamp{micros})) << micros;
  }
  EXPECT_EQ(Parse(kTimestamptzOid, "2024-03-01 01:30:00.25+05:30"), Parse(kTimestampOid, "2024-02-29 20:00:00.25"));
  EXPECT_EQ(Parse(kDateOid, "0044-03-15 BC"), Value(DateFromCivil(-43, 3, 15)));
  EXPECT_EQ(Parse(kNumericOid, "-0.05", (18 << 16 | 2) + 4), Value(Decimal{-5, 18, 2}));
  EXPECT_EQ(Parse(kNumericOid, "12.500", (10 << 16 | 3) + 4), Value(Decimal{12500, 10, 3}));
  EXPECT_EQ(Parse(kNumericOid, "7"), Value(Decimal{7, 18, 0}));
  EXPECT_EQ(Parse(kInt2Oid, "-3"), Value(int64_t{-3}));
  EXPECT_EQ(Parse(kBoolOid, "f"), Value(false));
  EXPECT_EQ(Parse(kByteaOid, "\\x00ff"), Value(Blob{std::string("\x00\xff", 2)}));
  EXPECT_EQ(Parse(2950, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), Value(std::string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
}

TEST(PgTextTest, UnreadableFieldsAreErrorsNotGuesses) {
  Value v;
  EXPECT_FALSE(ParseField(kNumericOid, -1, "NaN", "c", &v).ok());
  EXPECT_FALSE(ParseField(kNumericOid, -1, "123456789012345678901", "c", &v).ok());
  EXPECT_FALSE(ParseField(kTimestampOid, -1, "infinity", "c", &v).ok());
  EXPECT_FALSE(ParseField(kInt8Oid, -1, "12x", "c", &v).ok());
  Status s = ParseField(kDateOid, -1, "2024-13-01", "order_date", &v);
  EXPECT_NE(s.message().find("order_date"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace ecomdw::warehouse::pg_internal
