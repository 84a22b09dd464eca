// Runs models in dependency order, independent ones in parallel, and records
// each model's timing, row counts and SQL in ops.task_runs and
// ops.query_history.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "models/dag.h"
#include "models/task_retry.h"
#include "warehouse/warehouse.h"

namespace ecomdw::models {

struct TaskResult;

// Told about every model as it finishes, skipped ones included: the
// result, how many models of this run are finished and how many it has.
// Called from worker threads, one call at a time.
using TaskFinished = std::function<void(const TaskResult& result, size_t finished, size_t total)>;

struct RunOptions {
  std::string run_id;                  // recorded with every task
  std::vector<std::string> select;     // see ModelGraph::Select; empty = all
  bool full_refresh = false;
  int threads = 1;                     // sessions working at once
  TaskRetryPolicy retry;               // transient failures of a model (task_retry.h)
  TaskFinished on_finished;            // optional (progress lines)
};

struct TaskResult {
  std::string model;
  Status status;
  int64_t rows_written = 0;
  int64_t rows_total = 0;
  double seconds = 0;                  // all attempts, backoff included
  int attempts = 0;                    // 1 unless retried (task_retry.h)
  bool skipped = false;  // an upstream model failed
};

// Creates the ops tables the runner writes to, if missing. Idempotent.
Status EnsureRunLogTables(warehouse::Warehouse& wh);

// Runs the selected models of `graph` on sessions of `wh`. A failed model
// stops its dependents (recorded as skipped) but not unrelated models.
// Returns the per-model results; the Status is not OK only when the run
// could not be carried out at all (bad selector, no session).
Result<std::vector<TaskResult>> RunModels(warehouse::Warehouse& wh, const ModelGraph& graph,
                                          const RunOptions& options);

}  // namespace ecomdw::models
