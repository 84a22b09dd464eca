// Turning one model's SELECT into its table or view.
#pragma once

#include <cstdint>

#include "common/result.h"
#include "models/model.h"
#include "warehouse/engine_adapter.h"

namespace ecomdw::models {

struct MaterializeOutcome {
  int64_t rows_written = 0;  // rows inserted by this run (0 for views)
  int64_t rows_total = 0;    // rows in the table afterwards (0 for views)
  std::vector<std::string> statements;  // what ran, for ops.query_history
};

// Materializes `model` in one transaction of the adapter's session, its
// macros expanded for that engine, through the engine adapter only:
//   table        ReplaceTableAs(<select>)
//   view         ReplaceViewAs(<select>)
//   incremental  first run or `full_refresh`: as table; otherwise the SELECT's
//                rows replace every stored row with the same unique key
//                (DeleteInsertByKey), so a re-sent order's lines are replaced
//                as a unit and rerunning the same input changes nothing.
// On failure the transaction is rolled back and the Status names the model
// file. REQUIRES: the model's schema exists.
Result<MaterializeOutcome> Materialize(warehouse::EngineAdapter& db, const Model& model, bool full_refresh);
// The same on `session` through AdapterFor(session).
Result<MaterializeOutcome> Materialize(warehouse::Warehouse& session, const Model& model, bool full_refresh);

}  // namespace ecomdw::models
