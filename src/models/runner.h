// Runs models in dependency order, independent ones in parallel, and records
// each model's timing, row counts and SQL in ops.task_runs and
// ops.query_history.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "models/dag.h"
#include "warehouse/warehouse.h"

namespace ecomdw::models {

struct RunOptions {
  std::string run_id;                  // recorded with every task
  std::vector<std::string> select;     // see ModelGraph::Select; empty = all
  bool full_refresh = false;
  int threads = 1;                     // sessions working at once
};

struct TaskResult {
  std::string model;
  Status status;
  int64_t rows_written = 0;
  int64_t rows_total = 0;
  double seconds = 0;
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
