#include "pipeline/model_step.h"

#include "ops/model_ops.h"
#include "warehouse/engine_adapter.h"

namespace ecomdw::pipeline {
namespace {

bool AnyFailed(const std::vector<models::TaskResult>& results) {
  for (const models::TaskResult& t : results) {
    if (!t.status.ok()) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<models::TaskResult>> RunModelsChangeAware(warehouse::Warehouse& wh,
                                                             const models::ModelGraph& graph,
                                                             const models::RunOptions& run,
                                                             const models::ChangePlan& changes, bool new_batches) {
  if (run.full_refresh || !run.select.empty() || changes.rebuild.empty()) return models::RunModels(wh, graph, run);
  std::vector<models::TaskResult> results;
  if (new_batches) {
    models::RunOptions rest = run;
    for (const models::Model& m : graph.ordered()) {
      if (!changes.Rebuilds(m.full_name())) rest.select.push_back(m.full_name());
    }
    if (!rest.select.empty()) {
      ECOMDW_ASSIGN_OR_RETURN(results, models::RunModels(wh, graph, rest));
      if (AnyFailed(results)) return results;
    }
  }
  models::RunOptions rebuild = run;
  rebuild.select = changes.rebuild;
  rebuild.full_refresh = true;
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> db, warehouse::AdapterFor(wh));
  ECOMDW_TRY(ops::SetPendingBatches(*db, /*all=*/true).status());
  Result<std::vector<models::TaskResult>> rebuilt = models::RunModels(wh, graph, rebuild);
  // Back to the new batches (those not modelled yet), as before part 2.
  ECOMDW_TRY(ops::SetPendingBatches(*db, /*all=*/false).status());
  if (!rebuilt.ok()) return rebuilt.status();
  for (models::TaskResult& t : *rebuilt) results.push_back(std::move(t));
  return results;
}

}  // namespace ecomdw::pipeline
