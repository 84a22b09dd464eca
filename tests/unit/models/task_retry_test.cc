// Retries of model tasks: which failures are retried, the backoff, and the
// runner retrying a model that really hit DuckDB's statement time limit.
#include "models/task_retry.h"

#include <gtest/gtest.h>

#include <mutex>

#include "models/dag.h"
#include "models/runner.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::models {
namespace {

using std::chrono::milliseconds;

TEST(TaskRetryTest, BackoffDoublesUpToTheCap) {
  TaskRetryPolicy p{.retries = 5, .backoff = milliseconds(100), .max_backoff = milliseconds(350)};
  EXPECT_EQ(TaskBackoff(p, 1), milliseconds(100));
  EXPECT_EQ(TaskBackoff(p, 2), milliseconds(200));
  EXPECT_EQ(TaskBackoff(p, 3), milliseconds(350));
  EXPECT_EQ(TaskBackoff(p, 9), milliseconds(350));
}

TEST(TaskRetryTest, TransientFailuresAreRetriedUntilTheySucceed) {
  std::vector<milliseconds> slept;
  int calls = 0, attempts = 0;
  Status s = RetryTask(
      {.retries = 3, .backoff = milliseconds(10)},
      [&] { return ++calls < 3 ? Status::Conflict("could not serialize access") : Status::OK(); }, &attempts,
      [&](milliseconds d) { slept.push_back(d); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(slept, (std::vector<milliseconds>{milliseconds(10), milliseconds(20)}));
}

TEST(TaskRetryTest, LastingFailuresAreNotRetried) {
  for (Status failure : {Status::IOError("Binder Error: column x not found"), Status::DataError("bad row"),
                         Status::InvalidArgument("bad model")}) {
    int calls = 0, attempts = 0;
    Status s = RetryTask({.retries = 3, .backoff = milliseconds(0)}, [&] { ++calls; return failure; }, &attempts,
                         [](milliseconds) {});
    EXPECT_EQ(s.code(), failure.code());
    EXPECT_EQ(s.message(), failure.message());  // said as it was: no retry happened
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(attempts, 1);
  }
}

TEST(TaskRetryTest, SpentRetriesSayHowManyAttempts) {
  int attempts = 0;
  Status s = RetryTask({.retries = 2, .backoff = milliseconds(0)}, [] { return Status::Unavailable("timeout"); },
                       &attempts, [](milliseconds) {});
  EXPECT_TRUE(s.IsUnavailable());
  EXPECT_EQ(attempts, 3);
  EXPECT_NE(s.message().find("failed 3 times (transient; retried with backoff): timeout"), std::string::npos)
      << s.message();
}

TEST(TaskRetryTest, RunnerRetriesAModelThatHitTheTimeLimitAndStopsItsDownstream) {
  auto wh = warehouse::OpenDuckDb(":memory:", {.threads = 1});
  ASSERT_TRUE(wh.ok()) << wh.status().ToString();
  (*wh)->SetStatementTimeout(milliseconds(150));  // sessions of the runner inherit it
  auto slow = ParseModelFile("models/s/slow.sql", "-- materialization: table\n"
                                                  "SELECT sum(i) AS n FROM range(100000000000) t(i)");
  auto after = ParseModelFile("models/m/after.sql", "-- materialization: table\nSELECT n FROM s.slow");
  ASSERT_TRUE(slow.ok() && after.ok());
  after->reads = {"s.slow"};
  auto graph = ModelGraph::Build({*slow, *after});
  ASSERT_TRUE(graph.ok()) << graph.status().ToString();
  std::vector<std::string> lines;
  RunOptions run{.run_id = "r1",
                 .threads = 1,
                 .retry = {.retries = 2, .backoff = milliseconds(1)},
                 .on_finished = [&](const TaskResult& r, size_t finished, size_t total) {
                   lines.push_back(fmt::format("{}/{} {} {}", finished, total, r.model, r.skipped ? "skip" : "ran"));
                 }};
  auto results = RunModels(**wh, *graph, run);
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_EQ(results->size(), 2u);
  const TaskResult& r = (*results)[0];
  EXPECT_EQ(r.model, "s.slow");
  EXPECT_TRUE(r.status.IsUnavailable()) << r.status.ToString();
  EXPECT_EQ(r.attempts, 3);
  EXPECT_NE(r.status.message().find("failed 3 times"), std::string::npos) << r.status.message();
  EXPECT_TRUE((*results)[1].skipped);
  EXPECT_EQ(lines, (std::vector<std::string>{"1/2 s.slow ran", "2/2 m.after skip"}));
}

}  // namespace
}  // namespace ecomdw::models
