// Retries of a model task that failed for a reason that may not last, with
// exponential backoff ([build] task_retries and retry_backoff_ms in
// ecomdw.toml).
//
// Transient: Unavailable (the engine's query time limit on a loaded machine,
// a PostgreSQL connection that broke) and Conflict (serialization failure,
// deadlock, a lock not available, the file held by another process). Every
// other failure (a SQL error in the model, a contract violation, a full
// disk) is returned at once: running it again gives the same answer. A task
// is safe to retry because Materialize runs in one transaction that a
// failure rolls back (models/materialize.h).
//
// The backoff doubles from retry_backoff up to max_backoff, without jitter:
// the tasks of one build do not stampede a shared service the way many S3
// clients do (objectstore/retry.h jitters for that).
#pragma once

#include <chrono>
#include <functional>

#include "common/status.h"

namespace ecomdw::models {

struct TaskRetryPolicy {
  int retries = 1;                                  // attempts after the first
  std::chrono::milliseconds backoff{1000};          // before the first retry
  std::chrono::milliseconds max_backoff{60000};
};

bool IsTransient(const Status& status);

// The wait before retry number `retry` (1-based).
std::chrono::milliseconds TaskBackoff(const TaskRetryPolicy& policy, int retry);

using TaskSleeper = std::function<void(std::chrono::milliseconds)>;
TaskSleeper RealTaskSleeper();

// Calls attempt() until it succeeds, fails for good, or the retries are
// spent; *attempts is how many calls were made. A failure after retries
// says so in front: "failed 3 times (transient; retried with backoff): …".
Status RetryTask(const TaskRetryPolicy& policy, const std::function<Status()>& attempt, int* attempts,
                 const TaskSleeper& sleep = RealTaskSleeper());

}  // namespace ecomdw::models
