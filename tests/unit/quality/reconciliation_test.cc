// reconciliation (ledger equation and two queries) and quarantine_rate.
#include <gtest/gtest.h>

#include "quality_test_util.h"

namespace ecomdw::quality {
namespace {

using testing::Exec;
using testing::RunOneCheck;

constexpr const char* kReconciliationTable = R"(CREATE SCHEMA IF NOT EXISTS ops;
  CREATE TABLE ops.reconciliation (batch_id VARCHAR, source VARCHAR, objects BIGINT, raw_records BIGINT,
    staged_records BIGINT, quarantined_records BIGINT, duplicate_records BIGINT, balanced BOOLEAN, loaded_at TIMESTAMP);)";

TEST(CheckReconciliationTest, LedgerEquationPerBatch) {
  auto wh = testing::OpenMemory();
  Exec(*wh, kReconciliationTable);
  Exec(*wh, "INSERT INTO ops.reconciliation VALUES ('b1', 'crm', 2, 100, 95, 3, 2, TRUE, now()),"
            "('b1', 'pim', 1, 50, 50, 0, 0, TRUE, now())");
  const char* check = "[[check]]\ntype = \"reconciliation\"\n";
  CheckResult ok = RunOneCheck(*wh, "ops.reconciliation", check);
  EXPECT_EQ(ok.check.short_name(), "reconciliation_balanced");
  EXPECT_EQ(ok.status, CheckStatus::kPass);
  // One batch says unbalanced; another claims balance but does not add up.
  Exec(*wh, "INSERT INTO ops.reconciliation VALUES ('b2', 'crm', 2, 100, 90, 3, 2, FALSE, now()),"
            "('b2', 'pim', 1, 50, 49, 0, 0, TRUE, now())");
  CheckResult bad = RunOneCheck(*wh, "ops.reconciliation", check);
  EXPECT_EQ(bad.status, CheckStatus::kFail);
  EXPECT_EQ(bad.failing_rows, 2);
}

TEST(CheckReconciliationTest, RevenueInFactsEqualsRevenueInStagingPerDay) {
  auto wh = testing::OpenMemory();
  Exec(*wh, R"(CREATE SCHEMA core; CREATE SCHEMA staging;
    CREATE TABLE staging.lines (order_date DATE, net DECIMAL(12,2));
    CREATE TABLE core.fact (order_date DATE, net DECIMAL(18,2));
    INSERT INTO staging.lines VALUES ('2024-01-01', 10.00), ('2024-01-01', 5.50), ('2024-01-02', 3.00);
    INSERT INTO core.fact VALUES ('2024-01-01', 15.50), ('2024-01-02', 3.00);)");
  const char* check = R"([[check]]
type = "reconciliation"
name = "revenue_matches_staging"
left = "SELECT order_date, sum(net) AS revenue FROM core.fact GROUP BY order_date"
right = "SELECT order_date, sum(net) AS revenue FROM staging.lines GROUP BY order_date"
keys = ["order_date"]
measure = "revenue"
)";
  EXPECT_EQ(RunOneCheck(*wh, "core.fact", check).status, CheckStatus::kPass);
  // A day off by a cent, and a day only staging has.
  Exec(*wh, "UPDATE core.fact SET net = 3.01 WHERE order_date = '2024-01-02';"
            "INSERT INTO staging.lines VALUES ('2024-01-03', 1.00)");
  CheckResult r = RunOneCheck(*wh, "core.fact", check);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.failing_rows, 2);
  std::string tolerant(check);
  tolerant += "tolerance = \"0.01\"\n";
  EXPECT_EQ(RunOneCheck(*wh, "core.fact", tolerant).failing_rows, 1);
}

TEST(CheckReconciliationTest, QuarantineRateOverFivePercentFailsPerBatchAndSource) {
  auto wh = testing::OpenMemory();
  Exec(*wh, kReconciliationTable);
  Exec(*wh, "INSERT INTO ops.reconciliation VALUES ('b1', 'webshop', 3, 1000, 950, 50, 0, TRUE, now()),"
            "('b1', 'crm', 1, 200, 196, 4, 0, TRUE, now()), ('b1', 'ads', 1, 0, 0, 0, 0, TRUE, now())");
  const char* check = "[[check]]\ntype = \"quarantine_rate\"\n";  // default 5 %
  EXPECT_EQ(RunOneCheck(*wh, "ops.reconciliation", check).status, CheckStatus::kPass);  // exactly 5 % passes
  Exec(*wh, "INSERT INTO ops.reconciliation VALUES ('b2', 'webshop', 3, 1000, 949, 51, 0, TRUE, now()),"
            "('b2', 'crm', 1, 10, 8, 2, 0, TRUE, now())");
  CheckResult r = RunOneCheck(*wh, "ops.reconciliation", check);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.failing_rows, 2);
  EXPECT_NE(r.sample_json.find("\"batch_id\":\"b2\""), std::string::npos) << r.sample_json;
  const char* configured = "[[check]]\ntype = \"quarantine_rate\"\nmax_percent = 10\nmin_records = 50\n";
  EXPECT_EQ(RunOneCheck(*wh, "ops.reconciliation", configured).status, CheckStatus::kPass);
  const char* strict = "[[check]]\ntype = \"quarantine_rate\"\nmax_percent = \"1.5\"\n";
  EXPECT_EQ(RunOneCheck(*wh, "ops.reconciliation", strict).failing_rows, 4);
}

}  // namespace
}  // namespace ecomdw::quality
