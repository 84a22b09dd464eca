#include "pipeline/plan.h"

#include "models/project_models.h"

namespace ecomdw::pipeline {
namespace {

// Batches the next build would apply: landed and not staged, staged and not
// modelled. Tables a build has not made yet simply hold nothing.
Status PendingBatches(warehouse::Warehouse& wh, BuildPlan* plan) {
  Result<warehouse::QueryResult> landed = wh.Query(
      "SELECT batch_id, count(*) FROM ops.ingest_ledger WHERE state = 'landed' AND batch_id NOT IN "
      "(SELECT DISTINCT batch_id FROM ops.reconciliation) GROUP BY 1 ORDER BY 1");
  if (!landed.ok()) {  // before staging ever ran: no ops.reconciliation
    landed = wh.Query("SELECT batch_id, count(*) FROM ops.ingest_ledger WHERE state = 'landed' GROUP BY 1 ORDER BY 1");
  }
  if (landed.ok()) {
    for (const auto& r : landed->rows) {
      plan->batches.push_back({std::get<std::string>(r[0]), "landed", std::get<int64_t>(r[1])});
    }
  }
  Result<warehouse::QueryResult> staged = wh.Query(
      "SELECT batch_id, sum(objects) FROM ops.reconciliation WHERE batch_id NOT IN "
      "(SELECT batch_id FROM ops.modelled_batches) GROUP BY 1 ORDER BY 1");
  if (!staged.ok()) staged = wh.Query("SELECT batch_id, sum(objects) FROM ops.reconciliation GROUP BY 1 ORDER BY 1");
  if (staged.ok()) {
    for (const auto& r : staged->rows) {
      plan->batches.push_back({std::get<std::string>(r[0]), "staged",
                               warehouse::IsNull(r[1]) ? 0 : std::stoll(warehouse::ValueToString(r[1]))});
    }
  }
  return Status::OK();
}

}  // namespace

Result<BuildPlan> PlanBuild(const project::Project& project) {
  BuildPlan plan;
  ECOMDW_ASSIGN_OR_RETURN(project::Layout layout, project.Describe());
  std::unique_ptr<warehouse::Warehouse> wh;
  if (!layout.unpublished.empty()) {
    ECOMDW_ASSIGN_OR_RETURN(wh, project.OpenUnpublished());
    plan.generation = layout.unpublished.filename().string();
    plan.unpublished = true;
  } else if (!layout.published.empty()) {
    ECOMDW_ASSIGN_OR_RETURN(wh, project.OpenPublished());
    plan.generation = layout.published.filename().string();
  }
  if (!wh) return plan;  // nothing built or landed yet: the first build does everything
  ECOMDW_TRY(PendingBatches(*wh, &plan));
  ECOMDW_ASSIGN_OR_RETURN(models::ModelGraph graph, models::LoadProjectModels(project.config().project_dir, *wh));
  ECOMDW_ASSIGN_OR_RETURN(models::ChangePlan changes, models::PlanChanges(*wh, graph));
  const bool new_batches = !plan.batches.empty();
  for (const models::ModelChange& c : changes.models) {
    const models::Model* m = graph.Find(c.model);
    PlannedModel pm{.model = c.model,
                    .materialization = std::string(models::MaterializationName(m->materialization)),
                    .reason = c.reason,
                    .upstream = c.upstream};
    if (c.reason != models::ChangeReason::kUnchanged) {
      pm.action = "rebuild in full";
      ++plan.rebuilt_in_full;
    } else if (new_batches) {
      pm.action = m->materialization == models::Materialization::kIncremental ? "apply new batches" : "rebuild (table)";
      ++plan.other_runs;
    } else {
      pm.action = "up to date";
    }
    plan.models.push_back(std::move(pm));
  }
  return plan;
}

}  // namespace ecomdw::pipeline
