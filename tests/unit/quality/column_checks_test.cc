// Row-level checks on hand-made tables: each passes on good data and fails
// on bad data with the number of failing rows it should find.
#include <gtest/gtest.h>

#include "quality_test_util.h"

namespace ecomdw::quality {
namespace {

using testing::Exec;
using testing::RunOneCheck;

class CheckColumnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wh_ = testing::OpenMemory();
    ASSERT_NE(wh_, nullptr);
    Exec(*wh_, R"(
      CREATE SCHEMA core;
      CREATE TABLE core.dim_product (product_key BIGINT, sku VARCHAR);
      INSERT INTO core.dim_product VALUES (1, 'A'), (2, 'B'), (3, 'C');
      CREATE TABLE core.fact (order_id VARCHAR, line INTEGER, product_key BIGINT, status VARCHAR,
                              quantity INTEGER, gross DECIMAL(12,2), discount DECIMAL(12,2), net DECIMAL(12,2));
      INSERT INTO core.fact VALUES
        ('o1', 1, 1, 'placed', 1, 10.00, 0.00, 10.00),
        ('o1', 2, 2, 'placed', 2, 20.00, 5.00, 15.00),
        ('o2', 1, 3, 'shipped', 1, 7.50, 0.00, 7.50),
        ('o3', 1, 1, 'delivered', 4, 40.00, 4.00, 36.00);)");
  }
  std::unique_ptr<warehouse::Warehouse> wh_;
};

TEST_F(CheckColumnTest, NotNull) {
  const char* check = "[[check]]\ntype = \"not_null\"\ncolumns = [\"order_id\", \"product_key\"]\n";
  EXPECT_EQ(RunOneCheck(*wh_, "core.fact", check).status, CheckStatus::kPass);
  Exec(*wh_, "INSERT INTO core.fact VALUES (NULL, 1, 1, 'placed', 1, 1, 0, 1), ('o9', 1, NULL, 'placed', 1, 1, 0, 1),"
             "(NULL, 2, NULL, 'placed', 1, 1, 0, 1)");
  CheckResult r = RunOneCheck(*wh_, "core.fact", check);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.failing_rows, 3);
}

TEST_F(CheckColumnTest, UniqueOverOneColumnAndOverAColumnSet) {
  const char* pair = "[[check]]\ntype = \"unique\"\ncolumns = [\"order_id\", \"line\"]\n";
  const char* single = "[[check]]\ntype = \"unique\"\ncolumn = \"order_id\"\n";
  EXPECT_EQ(RunOneCheck(*wh_, "core.fact", pair).status, CheckStatus::kPass);
  CheckResult r1 = RunOneCheck(*wh_, "core.fact", single);  // o1 has two lines
  EXPECT_EQ(r1.status, CheckStatus::kFail);
  EXPECT_EQ(r1.failing_rows, 1);
  EXPECT_NE(r1.sample_json.find("\"duplicate_rows\":2"), std::string::npos) << r1.sample_json;
  Exec(*wh_, "INSERT INTO core.fact VALUES ('o1', 2, 2, 'placed', 1, 1, 0, 1), ('o2', 1, 3, 'placed', 1, 1, 0, 1),"
             "('o2', 1, 3, 'placed', 1, 1, 0, 1)");
  CheckResult r2 = RunOneCheck(*wh_, "core.fact", pair);
  EXPECT_EQ(r2.status, CheckStatus::kFail);
  EXPECT_EQ(r2.failing_rows, 2);  // two keys occur more than once
}

TEST_F(CheckColumnTest, RelationshipsFindEveryDimensionRow) {
  const char* check =
      "[[check]]\ntype = \"relationships\"\ncolumn = \"product_key\"\nto = \"core.dim_product\"\n";
  EXPECT_EQ(RunOneCheck(*wh_, "core.fact", check).status, CheckStatus::kPass);
  Exec(*wh_, "INSERT INTO core.fact VALUES ('o7', 1, 99, 'placed', 1, 1, 0, 1), ('o8', 1, 98, 'placed', 1, 1, 0, 1),"
             "('o8', 2, NULL, 'placed', 1, 1, 0, 1)");
  CheckResult r = RunOneCheck(*wh_, "core.fact", check);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.failing_rows, 2);  // NULL keys are not_null's business
  // A named parent field: no status is a sku.
  const char* by_sku =
      "[[check]]\ntype = \"relationships\"\ncolumn = \"status\"\nto = \"core.dim_product\"\nfields = [\"sku\"]\n";
  EXPECT_EQ(RunOneCheck(*wh_, "core.fact", by_sku).failing_rows, 7);
}

TEST_F(CheckColumnTest, AcceptedValues) {
  const char* check = "[[check]]\ntype = \"accepted_values\"\ncolumn = \"status\"\n"
                      "values = [\"placed\", \"shipped\", \"delivered\", \"cancelled\", \"returned\"]\n";
  EXPECT_EQ(RunOneCheck(*wh_, "core.fact", check).status, CheckStatus::kPass);
  Exec(*wh_, "INSERT INTO core.fact VALUES ('o5', 1, 1, 'Placed', 1, 1, 0, 1), ('o6', 1, 1, 'lost''s', 1, 1, 0, 1)");
  CheckResult r = RunOneCheck(*wh_, "core.fact", check);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.failing_rows, 2);
}

TEST_F(CheckColumnTest, RangeWithIntegerAndDecimalBounds) {
  const char* check = "[[check]]\ntype = \"range\"\ncolumn = \"quantity\"\nmin = 1\nmax = 100\n";
  const char* money = "[[check]]\ntype = \"range\"\ncolumn = \"gross\"\nmin = \"0.01\"\n";
  EXPECT_EQ(RunOneCheck(*wh_, "core.fact", check).status, CheckStatus::kPass);
  EXPECT_EQ(RunOneCheck(*wh_, "core.fact", money).status, CheckStatus::kPass);
  Exec(*wh_, "INSERT INTO core.fact VALUES ('o5', 1, 1, 'placed', 0, 0.00, 0, 0), ('o6', 1, 1, 'placed', 101, 5, 0, 5),"
             "('o6', 2, 1, 'placed', NULL, 5, 0, 5)");
  CheckResult r = RunOneCheck(*wh_, "core.fact", check);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.failing_rows, 2);
  EXPECT_EQ(RunOneCheck(*wh_, "core.fact", money).failing_rows, 1);
}

TEST_F(CheckColumnTest, ExpressionMustHoldOnEveryRowAndWhereFilters) {
  const char* check = "[[check]]\ntype = \"expression\"\nname = \"net_adds_up\"\n"
                      "expression = \"net = gross - discount\"\n";
  EXPECT_EQ(RunOneCheck(*wh_, "core.fact", check).status, CheckStatus::kPass);
  Exec(*wh_, "INSERT INTO core.fact VALUES ('o5', 1, 1, 'cancelled', 1, 10, 1, 10), ('o6', 1, 1, 'placed', 1, 10, 1, 8)");
  CheckResult r = RunOneCheck(*wh_, "core.fact", check);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.failing_rows, 2);
  const char* filtered = "[[check]]\ntype = \"expression\"\nname = \"net_adds_up\"\n"
                         "expression = \"net = gross - discount\"\nwhere = \"status <> 'cancelled'\"\n";
  EXPECT_EQ(RunOneCheck(*wh_, "core.fact", filtered).failing_rows, 1);
}

}  // namespace
}  // namespace ecomdw::quality
