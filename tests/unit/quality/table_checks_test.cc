// row_count and freshness on hand-made tables.
#include <gtest/gtest.h>

#include "quality_test_util.h"

namespace ecomdw::quality {
namespace {

using testing::Exec;
using testing::RunOneCheck;

TEST(CheckTableTest, RowCountBounds) {
  auto wh = testing::OpenMemory();
  Exec(*wh, "CREATE SCHEMA marts; CREATE TABLE marts.m (x INTEGER)");
  const char* nonempty = "[[check]]\ntype = \"row_count\"\n";
  CheckResult empty = RunOneCheck(*wh, "marts.m", nonempty);
  EXPECT_EQ(empty.status, CheckStatus::kFail);
  EXPECT_EQ(empty.failing_rows, 1);
  EXPECT_NE(empty.sample_json.find("\"row_count\":0"), std::string::npos) << empty.sample_json;
  Exec(*wh, "INSERT INTO marts.m SELECT * FROM range(6)");
  EXPECT_EQ(RunOneCheck(*wh, "marts.m", nonempty).status, CheckStatus::kPass);
  const char* bounded = "[[check]]\ntype = \"row_count\"\nmin = 2\nmax = 5\nseverity = \"warn\"\n";
  CheckResult over = RunOneCheck(*wh, "marts.m", bounded);
  EXPECT_EQ(over.status, CheckStatus::kWarn);
  EXPECT_EQ(over.failing_rows, 1);
  const char* filtered = "[[check]]\ntype = \"row_count\"\nmin = 2\nmax = 5\nwhere = \"x > 0\"\n";
  EXPECT_EQ(RunOneCheck(*wh, "marts.m", filtered).status, CheckStatus::kPass);
}

TEST(CheckTableTest, FreshnessAgainstTheNewestBatchPartition) {
  auto wh = testing::OpenMemory();
  Exec(*wh, R"(CREATE SCHEMA core; CREATE SCHEMA ops;
    CREATE TABLE ops.ingest_ledger (object_key VARCHAR, partition_date DATE, batch_id VARCHAR);
    INSERT INTO ops.ingest_ledger VALUES ('a', DATE '2024-03-01', 'b1'), ('b', DATE '2024-03-10', 'b2');
    CREATE TABLE core.fact (order_ts TIMESTAMP);
    INSERT INTO core.fact VALUES (TIMESTAMP '2024-03-01 10:00:00'), (TIMESTAMP '2024-03-09 23:00:00');)");
  const char* check = "[[check]]\ntype = \"freshness\"\ncolumn = \"order_ts\"\nmax_lag_days = 1\n";
  EXPECT_EQ(RunOneCheck(*wh, "core.fact", check).status, CheckStatus::kPass);  // 1 day behind
  Exec(*wh, "INSERT INTO ops.ingest_ledger VALUES ('c', DATE '2024-03-12', 'b3')");
  CheckResult stale = RunOneCheck(*wh, "core.fact", check);
  EXPECT_EQ(stale.status, CheckStatus::kFail);
  EXPECT_EQ(stale.failing_rows, 1);
  EXPECT_NE(stale.sample_json.find("\"lag_days\":3"), std::string::npos) << stale.sample_json;
}

TEST(CheckTableTest, FreshnessAgainstNowAndOnAnEmptyTable) {
  auto wh = testing::OpenMemory();
  Exec(*wh, "CREATE SCHEMA core; CREATE TABLE core.fact (d DATE);"
            "INSERT INTO core.fact VALUES (current_date - 10)");
  const char* now = "[[check]]\ntype = \"freshness\"\ncolumn = \"d\"\nagainst = \"now\"\nmax_lag_days = 10\n";
  EXPECT_EQ(RunOneCheck(*wh, "core.fact", now).status, CheckStatus::kPass);
  const char* tight = "[[check]]\ntype = \"freshness\"\ncolumn = \"d\"\nagainst = \"now\"\nmax_lag_days = 9\n";
  EXPECT_EQ(RunOneCheck(*wh, "core.fact", tight).failing_rows, 1);
  Exec(*wh, "DELETE FROM core.fact");
  EXPECT_EQ(RunOneCheck(*wh, "core.fact", now).failing_rows, 1);  // no data is not fresh
}

}  // namespace
}  // namespace ecomdw::quality
