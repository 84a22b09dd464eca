// The models step of a build, change-aware (models/fingerprint.h): models
// whose fingerprint changed, and everything downstream of them, are rebuilt
// in full from every staged batch; the others apply the new batches as
// before.
#pragma once

#include <vector>

#include "common/result.h"
#include "models/dag.h"
#include "models/fingerprint.h"
#include "models/runner.h"
#include "warehouse/warehouse.h"

namespace ecomdw::pipeline {

// With `run.full_refresh` or a `run.select`, one run as asked (changes are
// not looked at). Otherwise in two parts:
//   1. when `new_batches`, every model outside `changes.rebuild`, with
//      ops.pending_batches as it stands (the new batches);
//   2. the models of `changes.rebuild` with full_refresh, with every staged
//      batch pending (incremental models select their rows by pending batch,
//      so a rebuild in full must see them all); ops.pending_batches is put
//      back afterwards.
// Part 2 is not started when a model of part 1 failed. Results of both, in
// run order.
Result<std::vector<models::TaskResult>> RunModelsChangeAware(warehouse::Warehouse& wh,
                                                             const models::ModelGraph& graph,
                                                             const models::RunOptions& run,
                                                             const models::ChangePlan& changes, bool new_batches);

}  // namespace ecomdw::pipeline
