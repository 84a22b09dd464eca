#include "common/status.h"

#include <gtest/gtest.h>

#include "common/result.h"
#include "common/sql_quote.h"

namespace ecomdw {
namespace {

Result<int> Half(int x) {
  if (x % 2) return Status::InvalidArgument("{} is odd", x);
  return x / 2;
}

Result<int> Quarter(int x) {
  ECOMDW_ASSIGN_OR_RETURN(int h, Half(x));
  ECOMDW_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status::OK().ok());
  Status s = Status::NotFound("object {} missing", "a/b");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_EQ(s.ToString(), "NotFound: object a/b missing");
  EXPECT_EQ(s.WithContext("ingest").message(), "ingest: object a/b missing");
  Status copy = s;
  EXPECT_EQ(copy.code(), StatusCode::kNotFound);
}

TEST(ResultTest, PropagatesFirstFailure) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "3 is odd");
}

TEST(SqlQuoteTest, IdentifiersAreValidatedAndQuoted) {
  EXPECT_EQ(*QuoteIdentifier("fact_orders"), "\"fact_orders\"");
  EXPECT_EQ(*QuoteQualified("core", "dim_date"), "\"core\".\"dim_date\"");
  for (const char* bad : {"", "1abc", "a b", "x\"; DROP TABLE y; --", "../etc", "ä"}) {
    Result<std::string> r = QuoteIdentifier(bad, "column");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(QuoteLiteral("it's"), "'it''s'");
}

}  // namespace
}  // namespace ecomdw
