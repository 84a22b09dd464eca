#include "objectstore/retry.h"

#include <algorithm>
#include <thread>

namespace ecomdw::objectstore {

std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int failures, std::mt19937_64& rng) {
  int shift = std::clamp(failures - 1, 0, 30);
  int64_t cap = std::min<int64_t>(policy.max_delay.count(), policy.base_delay.count() << shift);
  if (cap <= 0) return std::chrono::milliseconds(0);
  std::uniform_int_distribution<int64_t> dist(0, cap);
  return std::chrono::milliseconds(dist(rng));
}

Sleeper RealSleeper() {
  return [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

Status RetryTransient(const RetryPolicy& policy, std::string_view what,
                      const std::function<Status(int attempt)>& attempt, const Sleeper& sleep) {
  std::mt19937_64 rng(std::random_device{}());
  auto start = std::chrono::steady_clock::now();
  Status last;
  int n = 0;
  for (n = 1; n <= std::max(1, policy.max_attempts); ++n) {
    last = attempt(n);
    if (!last.IsUnavailable()) return last;
    if (n == policy.max_attempts) break;
    auto delay = BackoffDelay(policy, n, rng);
    if (std::chrono::steady_clock::now() + delay - start > policy.budget) break;
    sleep(delay);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::Unavailable("{}: gave up after {} attempt{} in {:.1f}s (retry budget: {} attempts, {}s); last error: {}",
                             what, std::min(n, policy.max_attempts), n == 1 ? "" : "s", secs,
                             policy.max_attempts, policy.budget.count() / 1000, last.message());
}

}  // namespace ecomdw::objectstore
