// Running checks: statuses, errors, samples, selection and the history in
// ops.check_results.
#include <gtest/gtest.h>

#include <algorithm>

#include "quality_test_util.h"

namespace ecomdw::quality {
namespace {

using testing::Exec;

constexpr const char* kChecks = R"(
[[check]]
type = "not_null"
column = "id"

[[check]]
type = "range"
column = "amount"
min = 0
severity = "warn"

[[check]]
type = "unique"
column = "id"
)";

class CheckRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wh_ = testing::OpenMemory();
    ASSERT_NE(wh_, nullptr);
    Exec(*wh_, "CREATE SCHEMA core; CREATE TABLE core.t (id INTEGER, amount INTEGER);"
               "INSERT INTO core.t SELECT i, i - 10 FROM range(100) AS r(i)");  // 10 negative amounts
    checks_ = testing::Parse("core.t", kChecks);
    ASSERT_EQ(checks_.size(), 3u);
  }
  int64_t Count(const std::string& sql) {
    auto r = wh_->Query(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::get<int64_t>(r->Scalar()) : -1;
  }
  std::unique_ptr<warehouse::Warehouse> wh_;
  std::vector<Check> checks_;
};

TEST_F(CheckRunTest, WarnDoesNotFailTheRunAndSamplesAreCapped) {
  auto s = RunChecks(*wh_, checks_, "r1", {});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->passed, 2);
  EXPECT_EQ(s->warned, 1);
  EXPECT_EQ(s->failed, 0);
  EXPECT_EQ(s->errored, 0);
  EXPECT_FALSE(s->HasErrorFailures());
  const CheckResult& warn = s->results[1];
  EXPECT_EQ(warn.status, CheckStatus::kWarn);
  EXPECT_EQ(warn.failing_rows, 10);
  EXPECT_EQ(std::count(warn.sample_json.begin(), warn.sample_json.end(), '{'), 5) << warn.sample_json;
}

TEST_F(CheckRunTest, ErrorSeverityFailureAndUnrunnableChecks) {
  Exec(*wh_, "INSERT INTO core.t VALUES (1, 5), (NULL, 5)");
  std::vector<Check> checks = checks_;
  std::vector<Check> missing = testing::Parse("core.gone", "[[check]]\ntype = \"row_count\"\n");
  std::vector<Check> missing_warn =
      testing::Parse("core.t", "[[check]]\ntype = \"not_null\"\ncolumn = \"no_such_column\"\nseverity = \"warn\"\n");
  checks.insert(checks.end(), missing.begin(), missing.end());
  checks.insert(checks.end(), missing_warn.begin(), missing_warn.end());
  auto s = RunChecks(*wh_, checks, "r1", {}, {.record = false});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->failed, 2);  // not_null, unique
  EXPECT_EQ(s->warned, 1);
  EXPECT_EQ(s->errored, 2);
  EXPECT_TRUE(s->HasErrorFailures());
  EXPECT_EQ(s->results[3].status, CheckStatus::kError);
  EXPECT_NE(s->results[3].error.find("gone"), std::string::npos) << s->results[3].error;

  // A warn check that cannot run is reported, but does not stop a build.
  auto only_warn = RunChecks(*wh_, checks, "r2", {"not_null_no_such_column"}, {.record = false});
  ASSERT_TRUE(only_warn.ok());
  EXPECT_EQ(only_warn->errored, 1);
  EXPECT_FALSE(only_warn->HasErrorFailures());
  // An unrunnable error check does.
  auto only_missing = RunChecks(*wh_, checks, "r3", {"core.gone"}, {.record = false});
  ASSERT_TRUE(only_missing.ok());
  EXPECT_TRUE(only_missing->HasErrorFailures());
}

TEST_F(CheckRunTest, ResultsHistoryAccumulatesAcrossRuns) {
  ASSERT_TRUE(RunChecks(*wh_, checks_, "run-1", {}).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM ops.check_results"), 3);
  Exec(*wh_, "INSERT INTO core.t VALUES (NULL, 1)");
  ASSERT_TRUE(RunChecks(*wh_, checks_, "run-2", {"core.t.not_null_id"}).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM ops.check_results"), 4);
  EXPECT_EQ(Count("SELECT count(DISTINCT run_id) FROM ops.check_results"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM ops.check_results WHERE check_name = 'core.t.not_null_id' "
                  "AND ((run_id = 'run-1' AND status = 'pass' AND failing_rows = 0) OR "
                  "(run_id = 'run-2' AND status = 'fail' AND failing_rows = 1))"),
            2);
  EXPECT_EQ(Count("SELECT count(*) FROM ops.check_results WHERE run_id = 'run-2' AND sample LIKE '[{\"id\":null%' "
                  "AND table_name = 'core.t' AND check_type = 'not_null' AND severity = 'error' "
                  "AND duration_ms >= 0 AND checked_at IS NOT NULL AND check_sql LIKE 'SELECT%'"),
            1);
  // The same run id again is more history, not a replacement.
  ASSERT_TRUE(RunChecks(*wh_, checks_, "run-2", {}).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM ops.check_results"), 7);
}

TEST_F(CheckRunTest, UnknownSelectorIsAnError) {
  auto s = RunChecks(*wh_, checks_, "r", {"core.nope"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ecomdw::quality
