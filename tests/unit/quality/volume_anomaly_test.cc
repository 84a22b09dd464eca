// volume_anomaly on ten weeks of hand-made daily orders with strong weekly
// seasonality (Sundays at 45 % of a weekday): a weekday at 40 % of normal
// fails, a normal Sunday does not.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "quality_test_util.h"

namespace ecomdw::quality {
namespace {

using testing::Exec;
using testing::RunOneCheck;

// Orders per day n (0..69) from Monday 2024-01-01: 1000 on weekdays and
// Saturdays, 450 on Sundays, +-20 of deterministic noise; `override` replaces
// the volume of some days (SQL CASE arms over n).
void MakeOrders(warehouse::Warehouse& wh, const std::string& override_arms = "") {
  Exec(wh, "CREATE SCHEMA IF NOT EXISTS core; DROP TABLE IF EXISTS core.fact_orders");
  Exec(wh, fmt::format(R"(CREATE TABLE core.fact_orders AS
    WITH days AS (
      SELECT n, DATE '2024-01-01' + CAST(n AS INTEGER) AS order_date,
             CASE {} WHEN n % 7 = 6 THEN 450 ELSE 1000 END + (n * 37) % 41 - 20 AS volume
      FROM range(70) AS t(n))
    SELECT order_date, 'o' || n || '-' || i AS order_id, line
    FROM days, range(3000) AS r(i), range(1, 3) AS l(line)
    WHERE i < volume)", override_arms));
}

constexpr const char* kCheck = R"toml([[check]]
type = "volume_anomaly"
column = "order_date"
measure = "count(DISTINCT order_id)"
)toml";

TEST(CheckVolumeAnomalyTest, NormalSundaysPassUnderWeekdaySeasonality) {
  auto wh = testing::OpenMemory();
  MakeOrders(*wh);
  CheckResult r = RunOneCheck(*wh, "core.fact_orders", kCheck);
  EXPECT_EQ(r.status, CheckStatus::kPass) << r.sample_json;
  EXPECT_EQ(r.failing_rows, 0) << r.sample_json;
  // The same Sundays against the plain trailing window: every judged Sunday
  // looks like a collapse. This is what the weekday seasonality is for.
  std::string naive = std::string(kCheck) + "seasonality = \"none\"\n";
  CheckResult flat = RunOneCheck(*wh, "core.fact_orders", naive);
  EXPECT_EQ(flat.status, CheckStatus::kFail);
  EXPECT_EQ(flat.failing_rows, 10) << flat.sample_json;  // every Sunday, n = 6, 13, ..., 69
}

TEST(CheckVolumeAnomalyTest, ADayAtFortyPercentOfNormalFails) {
  auto wh = testing::OpenMemory();
  MakeOrders(*wh, "WHEN n = 65 THEN 400");  // Wednesday 2024-03-06
  CheckResult r = RunOneCheck(*wh, "core.fact_orders", kCheck);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.failing_rows, 1);
  EXPECT_NE(r.sample_json.find("\"day\":\"2024-03-06\""), std::string::npos) << r.sample_json;
  EXPECT_NE(r.sample_json.find("\"value\":407"), std::string::npos) << r.sample_json;  // 400 + noise
  // Only the newest three days judged: the Wednesday is history.
  std::string recent = std::string(kCheck) + "last_days = 3\n";
  EXPECT_EQ(RunOneCheck(*wh, "core.fact_orders", recent).failing_rows, 0);
  // A day at 70 % is unusual but under the 50 % change that matters by default.
  MakeOrders(*wh, "WHEN n = 65 THEN 700");
  EXPECT_EQ(RunOneCheck(*wh, "core.fact_orders", kCheck).failing_rows, 0);
  std::string sensitive = std::string(kCheck) + "min_change_percent = 20\n";
  EXPECT_EQ(RunOneCheck(*wh, "core.fact_orders", sensitive).failing_rows, 1);
}

TEST(CheckVolumeAnomalyTest, AMissingDayAndDirection) {
  auto wh = testing::OpenMemory();
  MakeOrders(*wh, "WHEN n = 50 THEN 0 WHEN n = 58 THEN 2500");  // a Tuesday lost, a Wednesday spike
  CheckResult both = RunOneCheck(*wh, "core.fact_orders", kCheck);
  EXPECT_EQ(both.failing_rows, 2) << both.sample_json;
  std::string low = std::string(kCheck) + "direction = \"low\"\n";
  CheckResult lows = RunOneCheck(*wh, "core.fact_orders", low);
  EXPECT_EQ(lows.failing_rows, 1);
  EXPECT_NE(lows.sample_json.find("\"value\":0"), std::string::npos) << lows.sample_json;
  std::string skipped = low + "skip_when = \"day = DATE '2024-02-20'\"\n";
  EXPECT_EQ(RunOneCheck(*wh, "core.fact_orders", skipped).failing_rows, 0);
}

}  // namespace
}  // namespace ecomdw::quality

namespace ecomdw::quality {
namespace {

// Small counts (about 18 a day): eight Saturdays of 18 and 19 orders give a
// MAD of 0.5, and a Saturday of 9 would score z = -25 on MAD alone. Poisson
// noise at 18 a day is +-4.3, so 9 is not conclusive: the default floor keeps
// it a pass, and turning the floor off shows the difference.
TEST(CheckVolumeAnomalyTest, SmallCountsAreJudgedAgainstPoissonNoise) {
  auto wh = testing::OpenMemory();
  Exec(*wh, R"(CREATE SCHEMA core; CREATE TABLE core.small AS
    SELECT DATE '2024-01-06' + CAST(7 * w AS INTEGER) AS day, i
    FROM range(9) AS t(w), range(19) AS r(i)
    WHERE i < CASE WHEN w = 8 THEN 9 WHEN w % 2 = 0 THEN 18 ELSE 19 END)");
  const char* check = "[[check]]\ntype = \"volume_anomaly\"\ncolumn = \"day\"\nlast_days = 1\n";
  CheckResult floored = RunOneCheck(*wh, "core.small", check);
  EXPECT_EQ(floored.failing_rows, 0) << floored.sample_json;
  std::string raw = std::string(check) + "poisson_floor = false\n";
  CheckResult unfloored = RunOneCheck(*wh, "core.small", raw);
  EXPECT_EQ(unfloored.failing_rows, 1) << unfloored.sample_json;
}

}  // namespace
}  // namespace ecomdw::quality
