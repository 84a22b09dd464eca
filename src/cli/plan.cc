// `ecomdw plan` (and `ecomdw build --dry-run`): what the next build would do
// and why: the batches it would stage and apply, and per model whether it is
// rebuilt in full (new, edited, downstream of a rebuilt model, table gone),
// runs for the new batches, or is up to date. Reads only.
#include <nlohmann/json.hpp>

#include "cli/verbs.h"
#include "pipeline/plan.h"

namespace ecomdw::cli {
namespace {

std::string Why(const pipeline::PlannedModel& m) {
  switch (m.reason) {
    case models::ChangeReason::kNew: return "new: no fingerprint of a build in full yet";
    case models::ChangeReason::kEdited: return "edited: its SQL or header changed since it was built";
    case models::ChangeReason::kUpstream:
      return m.upstream.empty() ? "upstream: an input changed since it was built" : "downstream of " + m.upstream;
    case models::ChangeReason::kMissingTable: return "its table is missing";
    case models::ChangeReason::kUnchanged: break;
  }
  return "";
}

void PrintPlan(const pipeline::BuildPlan& plan, const GlobalOptions& globals) {
  if (globals.format == OutputFormat::kJson) {
    nlohmann::json batches = nlohmann::json::array(), model_list = nlohmann::json::array();
    for (const auto& b : plan.batches) {
      batches.push_back({{"batch_id", b.batch_id}, {"state", b.state}, {"objects", b.objects}});
    }
    for (const auto& m : plan.models) {
      model_list.push_back({{"model", m.model}, {"materialization", m.materialization}, {"action", m.action},
                        {"reason", std::string(models::ChangeReasonName(m.reason))}, {"why", Why(m)},
                        {"upstream", m.upstream}});
    }
    nlohmann::json j = {{"generation", plan.generation}, {"unpublished", plan.unpublished},
                        {"pending_batches", batches},    {"models", model_list},
                        {"rebuilt_in_full", plan.rebuilt_in_full}, {"other_model_runs", plan.other_runs}};
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  if (plan.generation.empty()) {
    fmt::print("plan: nothing built or landed yet; the first build ingests the bucket and builds every model\n");
    return;
  }
  fmt::print("plan for the next build, from {} ({})\n", plan.generation,
             plan.unpublished ? "unpublished: the next build continues it" : "published");
  fmt::print("  batches    {} pending\n", plan.batches.size());
  for (const auto& b : plan.batches) {
    fmt::print("               {}  {:<7} {} objects  {}\n", b.batch_id, b.state, b.objects,
               b.state == "landed" ? "staged, then applied" : "applied");
  }
  fmt::print("  models     {} rebuilt in full, {} run for the new batches, {} up to date\n", plan.rebuilt_in_full,
             plan.other_runs, plan.models.size() - plan.rebuilt_in_full - plan.other_runs);
  for (const auto& m : plan.models) {
    if (m.action == "up to date") continue;
    fmt::print("               {:<34} {:<18} {}\n", m.model, m.action, Why(m));
  }
  fmt::print("  (`build` first ingests what is new in the bucket; `run` does not)\n");
}

}  // namespace

Status ShowPlan(const project::Project& project, const GlobalOptions& globals) {
  ECOMDW_ASSIGN_OR_RETURN(pipeline::BuildPlan plan, pipeline::PlanBuild(project));
  PrintPlan(plan, globals);
  return Status::OK();
}

void AddPlanCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand(
      "plan", "Show what the next build would do and why (batches, models rebuilt in full, changed models)");
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals] {
    *chosen = WithProject(globals, [globals](const project::Project& p) { return ShowPlan(p, *globals); });
  });
}

}  // namespace ecomdw::cli
