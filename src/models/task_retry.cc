#include "models/task_retry.h"

#include <algorithm>
#include <thread>

namespace ecomdw::models {

bool IsTransient(const Status& status) { return status.IsUnavailable() || status.code() == StatusCode::kConflict; }

std::chrono::milliseconds TaskBackoff(const TaskRetryPolicy& policy, int retry) {
  std::chrono::milliseconds wait = policy.backoff;
  for (int i = 1; i < retry && wait < policy.max_backoff; ++i) wait *= 2;
  return std::min(wait, policy.max_backoff);
}

TaskSleeper RealTaskSleeper() {
  return [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

Status RetryTask(const TaskRetryPolicy& policy, const std::function<Status()>& attempt, int* attempts,
                 const TaskSleeper& sleep) {
  *attempts = 0;
  for (int retry = 0;; ++retry) {
    ++*attempts;
    Status s = attempt();
    if (s.ok() || !IsTransient(s)) return s;
    if (retry >= policy.retries) {
      if (*attempts == 1) return s;
      return s.WithContext(fmt::format("failed {} times (transient; retried with backoff)", *attempts));
    }
    sleep(TaskBackoff(policy, retry + 1));
  }
}

}  // namespace ecomdw::models
