// `ecomdw status`: the project, its target (published and unpublished
// generations), bucket and workgroup as they apply on this machine; then the
// last runs with their arguments, saved check runs, pending batches,
// freshness per source and the last check results (text and JSON alike).
#include <nlohmann/json.hpp>

#include <filesystem>

#include "cli/verbs.h"
#include "config/config.h"
#include "pipeline/plan.h"
#include "quality/check_run_store.h"

namespace ecomdw::cli {
namespace {

const char* TargetTypeName(config::TargetType t) {
  switch (t) {
    case config::TargetType::kDuckDb: return "duckdb";
    case config::TargetType::kPostgres: return "postgres";
    case config::TargetType::kRedshift: return "redshift";
  }
  return "?";
}

// A query's rows as JSON objects (text values), or nothing when it cannot
// run (a warehouse built before the table existed).
nlohmann::json Rows(warehouse::Warehouse& wh, const std::string& sql) {
  nlohmann::json out = nlohmann::json::array();
  Result<warehouse::QueryResult> r = wh.Query(sql);
  if (!r.ok()) return out;
  for (const auto& row : r->rows) {
    nlohmann::json o = nlohmann::json::object();
    for (size_t c = 0; c < row.size(); ++c) {
      if (warehouse::IsNull(row[c])) {
        o[r->column_names[c]] = nullptr;
      } else if (auto* i = std::get_if<int64_t>(&row[c])) {
        o[r->column_names[c]] = *i;
      } else {
        o[r->column_names[c]] = warehouse::ValueToString(row[c]);
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

// What operations need from the published warehouse and beside it: the last
// runs with their arguments, check runs saved but not recorded yet, pending
// batches, freshness per source and the last check results. The same content
// for text and JSON.
Result<nlohmann::json> Operations(const project::Project& project) {
  nlohmann::json ops = nlohmann::json::object();
  nlohmann::json saved = nlohmann::json::array();
  for (const quality::SavedCheckRun& r : quality::ListSavedCheckRuns(project.state_dir())) {
    saved.push_back({{"run_id", r.run_id}, {"arguments", r.arguments}, {"finished_at", r.finished_at},
                     {"passed", r.passed}, {"warned", r.warned}, {"failed", r.failed}, {"errored", r.errored}});
  }
  ops["saved_check_runs"] = saved;
  Result<std::unique_ptr<warehouse::Warehouse>> wh = project.OpenPublished();
  if (!wh.ok() && !wh.status().IsNotFound()) return wh.status();
  Result<pipeline::BuildPlan> plan = pipeline::PlanBuild(project);
  nlohmann::json pending = nlohmann::json::array();
  if (plan.ok()) {
    for (const auto& b : plan->batches) pending.push_back({{"batch_id", b.batch_id}, {"state", b.state}, {"objects", b.objects}});
  }
  ops["pending_batches"] = pending;
  if (!wh.ok()) return ops;
  warehouse::Warehouse& w = **wh;
  ops["runs"] = Rows(w,
                     "SELECT run_id, outcome, CAST(finished_at AS VARCHAR) AS finished_at, batches_applied, "
                     "coalesce(arguments, '') AS arguments, coalesce(left(error, 100), '') AS error "
                     "FROM ops.runs ORDER BY finished_at DESC LIMIT 5");
  if (ops["runs"].empty()) {  // before ops.runs had arguments
    ops["runs"] = Rows(w,
                       "SELECT run_id, outcome, CAST(finished_at AS VARCHAR) AS finished_at, batches_applied, "
                       "'' AS arguments, coalesce(left(error, 100), '') AS error "
                       "FROM ops.runs ORDER BY finished_at DESC LIMIT 5");
  }
  ops["freshness"] = Rows(w,
                          "SELECT source, CAST(max(partition_date) AS VARCHAR) AS newest_partition, "
                          "CAST(max(landed_at) AS VARCHAR) AS last_landed, count(*) AS objects "
                          "FROM ops.ingest_ledger WHERE state = 'landed' GROUP BY source ORDER BY source");
  ops["last_checks"] = Rows(w,
                            "WITH last AS (SELECT run_id FROM ops.check_results GROUP BY run_id "
                            "ORDER BY max(checked_at) DESC LIMIT 1) "
                            "SELECT run_id, CAST(max(checked_at) AS VARCHAR) AS checked_at, "
                            "count(*) FILTER (WHERE status = 'pass') AS passed, "
                            "count(*) FILTER (WHERE status = 'warn') AS warned, "
                            "count(*) FILTER (WHERE status = 'fail') AS failed, "
                            "count(*) FILTER (WHERE status = 'error') AS errored, "
                            "coalesce(string_agg(CASE WHEN status <> 'pass' THEN status || ' ' || check_name END, "
                            "', ' ORDER BY check_name), '') AS problems "
                            "FROM ops.check_results WHERE run_id IN (SELECT run_id FROM last) GROUP BY run_id");
  return ops;
}

std::string Text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

void PrintOperations(const nlohmann::json& ops) {
  if (ops.contains("runs") && !ops["runs"].empty()) {
    fmt::print("last runs\n");
    for (const auto& r : ops["runs"]) {
      fmt::print("  {}  {:<13} {}  {} batches  {}{}\n", Text(r["run_id"]), Text(r["outcome"]), Text(r["finished_at"]),
                 Text(r["batches_applied"]), Text(r["arguments"]),
                 Text(r["error"]).empty() ? "" : "  " + Text(r["error"]));
    }
  }
  if (!ops["saved_check_runs"].empty()) {
    fmt::print("check runs saved in .ecomdw/runs (recorded in ops.check_results by the next build or run)\n");
    for (const auto& r : ops["saved_check_runs"]) {
      fmt::print("  {}  {}  {} passed, {} warned, {} failed, {} errored  {}\n", Text(r["run_id"]),
                 Text(r["finished_at"]), Text(r["passed"]), Text(r["warned"]), Text(r["failed"]), Text(r["errored"]),
                 Text(r["arguments"]));
    }
  }
  fmt::print("pending    {} batches\n", ops["pending_batches"].size());
  for (const auto& b : ops["pending_batches"]) {
    fmt::print("  {}  {:<7} {} objects\n", Text(b["batch_id"]), Text(b["state"]), Text(b["objects"]));
  }
  if (ops.contains("freshness") && !ops["freshness"].empty()) {
    fmt::print("freshness  newest partition and last landing per source\n");
    for (const auto& f : ops["freshness"]) {
      fmt::print("  {:<20} {}  landed {}  ({} objects)\n", Text(f["source"]), Text(f["newest_partition"]),
                 Text(f["last_landed"]), Text(f["objects"]));
    }
  }
  if (ops.contains("last_checks") && !ops["last_checks"].empty()) {
    const auto& c = ops["last_checks"][0];
    fmt::print("checks     last run {} at {}: {} passed, {} warned, {} failed, {} errored{}\n", Text(c["run_id"]),
               Text(c["checked_at"]), Text(c["passed"]), Text(c["warned"]), Text(c["failed"]), Text(c["errored"]),
               Text(c["problems"]).empty() ? "" : "\n  " + Text(c["problems"]));
  }
}

Status ShowStatus(const project::Project& project, const GlobalOptions& globals) {
  const config::Config& cfg = project.config();
  const config::Target* target = &project.target();
  config::LocalLimits limits = config::MapWorkgroupToThisMachine(cfg.workgroup);
  bool file_target = target->type == config::TargetType::kDuckDb;
  std::string location = file_target ? cfg.Resolve(target->path).string()
                                     : fmt::format("{}:{}/{}", target->host, target->port, target->dbname);
  project::Layout layout;
  if (file_target) {
    ECOMDW_ASSIGN_OR_RETURN(layout, project.Describe());
  }
  bool exists = !file_target || !layout.published.empty();

  if (globals.format == OutputFormat::kJson) {
    nlohmann::json j = {
        {"project", cfg.project_name},
        {"config", cfg.file.string()},
        {"target", {{"name", target->name}, {"type", TargetTypeName(target->type)}, {"location", location},
                    {"exists", exists}, {"published", layout.published.string()},
                    {"published_bytes", layout.published_bytes}, {"unpublished", layout.unpublished.string()},
                    {"unpublished_bytes", layout.unpublished_bytes}}},
        {"bucket", cfg.ResolvedBucketUri()},
        {"sources", cfg.sources.size()},
        {"workgroup", {{"name", cfg.workgroup.name}, {"base_capacity_rpu", cfg.workgroup.base_capacity_rpu},
                       {"local_threads", limits.threads}, {"local_memory_bytes", limits.memory_bytes},
                       {"query_time_limit_s", cfg.workgroup.max_query_execution_time_s}}}};
    if (file_target) {
      ECOMDW_ASSIGN_OR_RETURN(j["operations"], Operations(project));
    }
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return Status::OK();
  }
  fmt::print("project    {} ({})\n", cfg.project_name, cfg.file.string());
  fmt::print("target     {} [{}] {}{}\n", target->name, TargetTypeName(target->type), location,
             exists ? "" : " (not built yet)");
  if (!layout.published.empty()) {
    fmt::print("published  {} ({:.1f} MB)\n", layout.published.filename().string(),
               static_cast<double>(layout.published_bytes) / 1e6);
  }
  if (!layout.unpublished.empty()) {
    fmt::print("unpublished {} ({:.1f} MB): a failed build's work or what ingest landed; the next build continues "
               "it (ecomdw query --unpublished to look inside)\n",
               layout.unpublished.filename().string(), static_cast<double>(layout.unpublished_bytes) / 1e6);
  }
  fmt::print("bucket     {}\n", cfg.ResolvedBucketUri());
  fmt::print("sources    {}\n", cfg.sources.size());
  fmt::print("workgroup  {} · {} RPU → here: {} threads, {} memory, {} s query limit\n", cfg.workgroup.name,
             cfg.workgroup.base_capacity_rpu, limits.threads, limits.memory_limit_text(),
             cfg.workgroup.max_query_execution_time_s);
  if (!file_target) return Status::OK();
  ECOMDW_ASSIGN_OR_RETURN(nlohmann::json ops, Operations(project));
  PrintOperations(ops);
  return Status::OK();
}

}  // namespace

void AddStatusCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("status", "Show the project, its target, bucket and workgroup");
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals] {
    *chosen = WithProject(globals, [globals](const project::Project& p) { return ShowStatus(p, *globals); });
  });
}

}  // namespace ecomdw::cli
