#include "objectstore/retry.h"

#include <gtest/gtest.h>

#include <vector>

namespace ecomdw::objectstore {
namespace {
using std::chrono::milliseconds;

TEST(RetryTest, BackoffIsFullJitterUnderAnExponentialCap) {
  RetryPolicy p;
  p.base_delay = milliseconds(100);
  p.max_delay = milliseconds(1000);
  std::mt19937_64 rng(7);
  for (int failures = 1; failures <= 12; ++failures) {
    int64_t cap = std::min<int64_t>(1000, 100LL << (failures - 1));
    for (int i = 0; i < 200; ++i) {
      auto d = BackoffDelay(p, failures, rng);
      EXPECT_GE(d.count(), 0);
      EXPECT_LE(d.count(), cap);
    }
  }
}

TEST(RetryTest, RetriesOnlyUnavailableAndGivesUpClearly) {
  RetryPolicy p;
  p.max_attempts = 4;
  std::vector<milliseconds> slept;
  auto sleeper = [&](milliseconds d) { slept.push_back(d); };
  int calls = 0;
  Status s = RetryTransient(p, "GetObject s3://b/k", [&](int) {
    ++calls;
    return Status::Unavailable("S3 SlowDown (HTTP 503)");
  }, sleeper);
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(slept.size(), 3u);
  EXPECT_TRUE(s.IsUnavailable());
  EXPECT_NE(s.message().find("GetObject s3://b/k: gave up after 4 attempts"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("SlowDown"), std::string::npos);

  calls = 0;
  s = RetryTransient(p, "x", [&](int) {
    ++calls;
    return Status::InvalidArgument("AccessDenied");
  }, sleeper);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);

  calls = 0;
  s = RetryTransient(p, "x", [&](int attempt) {
    ++calls;
    return attempt < 3 ? Status::Unavailable("reset") : Status::OK();
  }, sleeper);
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(calls, 3);
}

TEST(RetryTest, TheTimeBudgetStopsNewAttempts) {
  RetryPolicy p;
  p.max_attempts = 100;
  p.base_delay = milliseconds(1000);
  p.max_delay = milliseconds(1000);
  p.budget = milliseconds(0);
  int calls = 0;
  Status s = RetryTransient(p, "x", [&](int) {
    ++calls;
    return Status::Unavailable("stall");
  }, [](milliseconds) {});
  // With full jitter a zero delay may still fit a zero budget; never more than a few.
  EXPECT_LT(calls, 100);
  EXPECT_TRUE(s.IsUnavailable());
}

}  // namespace
}  // namespace ecomdw::objectstore
