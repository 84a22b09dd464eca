// `ecomdw status`: the project, its target (published and unpublished
// generations), bucket and workgroup as they apply on this machine.
#include <nlohmann/json.hpp>

#include <filesystem>

#include "cli/verbs.h"
#include "config/config.h"

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
Status PrintRecentRuns(const project::Project& project) {
  Result<std::unique_ptr<warehouse::Warehouse>> wh = project.OpenPublished();
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
  return file_target ? PrintRecentRuns(project) : Status::OK();
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
