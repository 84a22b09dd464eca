// Retries of transient failures with exponential backoff and full jitter,
// under a bounded budget.
//
// Only Unavailable is retried (503 SlowDown, 5xx, connection resets,
// stalls, truncated bodies); every other code is returned at once. When the
// budget is spent the last error is returned as Unavailable, naming what was
// tried, how many attempts were made and for how long.
#pragma once

#include <chrono>
#include <functional>
#include <random>
#include <string_view>

#include "common/status.h"

namespace ecomdw::objectstore {

struct RetryPolicy {
  int max_attempts = 8;                        // first try included
  std::chrono::milliseconds base_delay{100};   // cap of the first backoff
  std::chrono::milliseconds max_delay{5000};   // cap of any one backoff
  std::chrono::milliseconds budget{120000};    // no new attempt starts after this
};

// Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
// uniform in [0, min(max_delay, base_delay * 2^(failures - 1))].
// REQUIRES: failures >= 1.
std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int failures, std::mt19937_64& rng);

using Sleeper = std::function<void(std::chrono::milliseconds)>;
Sleeper RealSleeper();

// Calls attempt(1), attempt(2), … until it returns anything but
// Unavailable, sleeping a backoff between tries. `what` names the operation
// for the final message, e.g. "GET s3://bucket/key". Thread safe as long as
// `attempt` is.
Status RetryTransient(const RetryPolicy& policy, std::string_view what,
                      const std::function<Status(int attempt)>& attempt, const Sleeper& sleep = RealSleeper());

}  // namespace ecomdw::objectstore
