// `ecomdw status`: the project, its target, bucket and workgroup as they
// apply on this machine.
#include <nlohmann/json.hpp>

#include <filesystem>

#include "cli/verbs.h"
#include "config/config.h"
#include "pipeline/work_warehouse.h"

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

// The last builds recorded in the published warehouse (nothing before the
// first publish).
Status PrintRecentRuns(const config::Config& cfg, const GlobalOptions& globals) {
  Result<std::unique_ptr<warehouse::Warehouse>> wh = pipeline::OpenPublished(cfg, globals.target);
  if (!wh.ok()) return wh.status().IsNotFound() ? Status::OK() : wh.status();
  Result<warehouse::QueryResult> runs = (*wh)->Query(
      "SELECT run_id, outcome, CAST(finished_at AS VARCHAR), batches_applied, coalesce(left(error, 100), '') "
      "FROM ops.runs ORDER BY finished_at DESC LIMIT 5");
  if (!runs.ok()) return Status::OK();  // a warehouse built before ops.runs existed
  fmt::print("last runs\n");
  for (const auto& row : runs->rows) {
    fmt::print("  {}  {:<13} {}  {} batches  {}\n", warehouse::ValueToString(row[0]), warehouse::ValueToString(row[1]),
               warehouse::ValueToString(row[2]), warehouse::ValueToString(row[3]), warehouse::ValueToString(row[4]));
  }
  return Status::OK();
}

Status ShowStatus(const GlobalOptions& globals) {
  ECOMDW_ASSIGN_OR_RETURN(config::Config cfg, config::LoadConfig(globals.project_dir));
  ECOMDW_ASSIGN_OR_RETURN(const config::Target* target, cfg.FindTarget(globals.target));
  config::LocalLimits limits = config::MapWorkgroupToThisMachine(cfg.workgroup);
  std::string location = target->type == config::TargetType::kDuckDb
                             ? cfg.Resolve(target->path).string()
                             : fmt::format("{}:{}/{}", target->host, target->port, target->dbname);
  bool exists = target->type != config::TargetType::kDuckDb || std::filesystem::exists(location);

  if (globals.format == OutputFormat::kJson) {
    nlohmann::json j = {
        {"project", cfg.project_name},
        {"config", cfg.file.string()},
        {"target", {{"name", target->name}, {"type", TargetTypeName(target->type)}, {"location", location},
                    {"exists", exists}}},
        {"bucket", cfg.ResolvedBucketUri()},
        {"sources", cfg.sources.size()},
        {"workgroup", {{"name", cfg.workgroup.name}, {"base_capacity_rpu", cfg.workgroup.base_capacity_rpu},
                       {"local_threads", limits.threads}, {"local_memory_bytes", limits.memory_bytes},
                       {"query_time_limit_s", cfg.workgroup.max_query_execution_time_s}}}};
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return Status::OK();
  }
  fmt::print("project    {} ({})\n", cfg.project_name, cfg.file.string());
  fmt::print("target     {} [{}] {}{}\n", target->name, TargetTypeName(target->type), location,
             exists ? "" : " (not built yet)");
  fmt::print("bucket     {}\n", cfg.ResolvedBucketUri());
  fmt::print("sources    {}\n", cfg.sources.size());
  fmt::print("workgroup  {} · {} RPU → here: {} threads, {} memory, {} s query limit\n", cfg.workgroup.name,
             cfg.workgroup.base_capacity_rpu, limits.threads, limits.memory_limit_text(),
             cfg.workgroup.max_query_execution_time_s);
  return PrintRecentRuns(cfg, globals);
}

}  // namespace

void AddStatusCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("status", "Show the project, its target, bucket and workgroup");
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals] { *chosen = [globals] { return ShowStatus(*globals); }; });
}

}  // namespace ecomdw::cli
