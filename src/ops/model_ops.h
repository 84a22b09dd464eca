// The ops tables of a model run, and their one owner: every read and write
// of them goes through these typed calls (over the engine adapter, so they
// run on every target).
//
//   ops.pending_batches   (batch_id)  the batches this model run applies;
//                                      models read it (the incremental filter)
//   ops.modelled_batches  (batch_id, run_id, modelled_at)  batches a
//                                      successful model run applied
//   ops.task_runs         one row per model per run: timing, rows, outcome
//   ops.query_history     the statements each model ran
//
// The staged batches themselves (ops.reconciliation) are staging's; this
// module only reads which batch ids it holds.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "warehouse/engine_adapter.h"
#include "warehouse/value.h"

namespace ecomdw::ops {

// Creates the tables above, if missing. Idempotent.
Status EnsureModelOpsTables(warehouse::EngineAdapter& db);

// ops.pending_batches := every staged batch (`all`, a full refresh) or the
// staged batches no model run has applied yet. Returns them, sorted.
Result<std::vector<std::string>> SetPendingBatches(warehouse::EngineAdapter& db, bool all);

// ops.pending_batches := exactly `batches` (model tests name theirs).
Status ReplacePendingBatches(warehouse::EngineAdapter& db, const std::vector<std::string>& batches);

// The batches in ops.pending_batches, sorted.
Result<std::vector<std::string>> PendingBatches(warehouse::EngineAdapter& db);

// Records the pending batches as applied by `run_id` (those not recorded yet).
Status MarkPendingModelled(warehouse::EngineAdapter& db, const std::string& run_id);

struct TaskRecord {
  std::string run_id;
  std::string model;            // schema.name
  std::string materialization;  // table, view, incremental
  warehouse::Timestamp started_at;
  warehouse::Timestamp finished_at;
  double seconds = 0;
  int64_t rows_written = 0;
  int64_t rows_total = 0;
  std::string status;           // success, error, skipped
  std::string error;            // empty: NULL
};

// One ops.task_runs row and one ops.query_history row per statement.
Status RecordTask(warehouse::EngineAdapter& db, const TaskRecord& task, const std::vector<std::string>& statements);

}  // namespace ecomdw::ops
