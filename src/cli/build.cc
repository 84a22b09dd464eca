// `ecomdw build` (ingest -> staging -> models -> checks -> publish) and
// `ecomdw run` (staging -> models -> checks -> publish, over what is landed
// already). Both publish only past the same quality gate.
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "cli/verbs.h"
#include "metrics/project_metrics.h"
#include "objectstore/file_util.h"
#include "pipeline/build.h"

namespace ecomdw::cli {
namespace {

nlohmann::json ToJson(const pipeline::BuildReport& r) {
  nlohmann::json j;
  j["run_id"] = r.run_id;
  j["outcome"] = r.outcome;
  if (!r.status.ok()) j["error"] = r.status.ToString();
  for (const auto& s : r.stages) j["stages"][s.stage] = s.seconds;
  j["ingest"] = {{"batch_id", r.ingest.batch_id}, {"landed", r.ingest.landed}, {"bytes", r.ingest.bytes_landed},
                 {"unchanged", r.ingest.unchanged}};
  nlohmann::json staged = nlohmann::json::array();
  for (const auto& b : r.staged) {
    for (const auto& s : b.sources) {
      staged.push_back({{"batch_id", b.batch_id}, {"source", s.source}, {"objects", s.objects},
                        {"raw_records", s.raw_records}, {"staged", s.staged}, {"quarantined", s.quarantined},
                        {"duplicates", s.duplicates}, {"quarantined_by_reason", s.quarantined_by_reason}});
    }
  }
  j["staging"] = staged;
  j["applied_batches"] = r.applied_batches;
  for (const models::ModelChange& c : r.changes.models) {
    if (c.reason == models::ChangeReason::kUnchanged) continue;
    j["changed_models"].push_back({{"model", c.model}, {"reason", std::string(models::ChangeReasonName(c.reason))},
                                   {"upstream", c.upstream}});
  }
  for (const auto& m : r.models) {
    j["models"][m.model] = {{"status", m.skipped ? "skipped" : m.status.ok() ? "success" : "error"},
                            {"seconds", m.seconds}, {"attempts", m.attempts}, {"rows_written", m.rows_written}, {"rows_total", m.rows_total}};
  }
  for (const auto& [table, rows] : r.table_rows) j["tables"][table] = rows;
  j["checks"] = {{"passed", r.checks.passed}, {"warned", r.checks.warned}, {"failed", r.checks.failed},
                 {"errored", r.checks.errored}};
  for (const auto& c : r.checks.results) {
    if (c.status == quality::CheckStatus::kPass) continue;
    j["check_problems"].push_back({{"check", c.check.name}, {"status", quality::CheckStatusName(c.status)},
                                   {"failing_rows", c.failing_rows}, {"error", c.error}});
  }
  j["work_generation"] = {{"file", r.work.file.string()}, {"reused", r.work.reused},
                          {"copied_bytes", r.work.copied_bytes}, {"copy_seconds", r.work.copy_seconds}};
  if (r.forgotten.objects > 0) {
    j["refetched_missing_landed"] = {{"objects", r.forgotten.objects}, {"batches", r.forgotten.batches}};
  }
  j["published_file"] = r.published_file;
  if (!r.published_file.empty()) {
    j["publish"] = {{"file_bytes", r.publish.file_bytes}, {"free_blocks", r.publish.free_blocks},
                    {"total_blocks", r.publish.total_blocks}, {"live_blocks", r.publish.live_blocks},
                    {"compacted", r.publish.compacted}, {"bytes_before_compaction", r.publish.bytes_before_compaction},
                    {"compact_seconds", r.publish.compact_seconds},
                    {"old_generations_removed", r.publish.removed.size()},
                    {"old_generations_held_by_readers", r.publish.held.size()}};
  }
  return j;
}

// The models rebuilt in full because they (or an input) changed since built.
void PrintChanges(const pipeline::BuildReport& r) {
  bool ran = false;
  for (const auto& m : r.models) ran = ran || r.changes.Rebuilds(m.model);
  if (!ran) return;
  fmt::print("  changed    {} models rebuilt in full:\n", r.changes.rebuild.size());
  for (const models::ModelChange& c : r.changes.models) {
    if (c.reason == models::ChangeReason::kUnchanged) continue;
    fmt::print("               {:<34} {}{}\n", c.model, models::ChangeReasonName(c.reason),
               c.upstream.empty() ? "" : " (" + c.upstream + ")");
  }
}

void PrintText(const pipeline::BuildReport& r) {
  int64_t raw = 0, staged = 0, quarantined = 0, duplicates = 0;
  std::map<std::string, int64_t> reasons;
  for (const auto& b : r.staged) {
    for (const auto& s : b.sources) {
      raw += s.raw_records;
      staged += s.staged;
      quarantined += s.quarantined;
      duplicates += s.duplicates;
      for (const auto& [reason, n] : s.quarantined_by_reason) reasons[reason] += n;
    }
  }
  fmt::print("build {}: {}\n", r.run_id, r.outcome);
  if (r.work.reused) {
    fmt::print("  work       continued the unpublished {}\n", r.work.file.filename().string());
  } else if (r.work.copied_bytes > 0) {
    fmt::print("  work       {} copied from the published generation ({:.1f} MB in {:.2f}s)\n",
               r.work.file.filename().string(), static_cast<double>(r.work.copied_bytes) / 1e6, r.work.copy_seconds);
  }
  if (r.forgotten.objects > 0) {
    fmt::print("  landing    {} landed objects were gone from the landing area; fetched again from the bucket\n",
               r.forgotten.objects);
  }
  if (!r.ingest.batch_id.empty() || r.ingest.listed > 0) {
    fmt::print("  ingest     {} objects landed ({:.1f} MB), {} unchanged\n", r.ingest.landed,
               static_cast<double>(r.ingest.bytes_landed) / 1e6, r.ingest.unchanged);
  }
  fmt::print("  staging    {} batches: {} raw records = {} staged + {} quarantined + {} duplicates dropped\n",
             r.staged.size(), raw, staged, quarantined, duplicates);
  for (const auto& [reason, n] : reasons) fmt::print("               quarantined {:<18} {}\n", reason, n);
  int ok = 0, failed = 0, skipped = 0;
  for (const auto& m : r.models) (m.skipped ? skipped : m.status.ok() ? ok : failed)++;
  fmt::print("  models     {} batches applied; {} models ok, {} failed, {} skipped\n", r.applied_batches.size(), ok,
             failed, skipped);
  PrintChanges(r);
  for (const auto& [table, rows] : r.table_rows) fmt::print("               {:<34} {:>10} rows\n", table, rows);
  if (!r.checks.results.empty()) {
    fmt::print("  checks     {} passed, {} warned, {} failed, {} could not run\n", r.checks.passed, r.checks.warned,
               r.checks.failed, r.checks.errored);
    for (const auto& c : r.checks.results) {
      if (c.status == quality::CheckStatus::kPass) continue;
      fmt::print("               {:<5} {:<52} {} rows{}\n", quality::CheckStatusName(c.status), c.check.name,
                 c.failing_rows, c.error.empty() ? "" : "  " + c.error.substr(0, 100));
    }
  }
  std::string times;
  for (const auto& s : r.stages) times += fmt::format("{} {:.2f}s  ", s.stage, s.seconds);
  fmt::print("  time       {}\n", times);
  if (!r.published_file.empty()) {
    if (r.publish.compacted) {
      fmt::print("  compacted  {:.1f} MB -> {:.1f} MB in {:.2f}s ({} blocks in use, {} of them table data)\n",
                 static_cast<double>(r.publish.bytes_before_compaction) / 1e6,
                 static_cast<double>(r.publish.file_bytes) / 1e6, r.publish.compact_seconds,
                 r.publish.total_blocks - r.publish.free_blocks, r.publish.live_blocks);
    }
    fmt::print("  published  {} ({:.1f} MB{}){}\n", r.published_file, static_cast<double>(r.publish.file_bytes) / 1e6,
               r.publish.compacted ? ""
                                   : fmt::format(", {} of {} blocks free", r.publish.free_blocks, r.publish.total_blocks),
               r.publish.held.empty() ? ""
                                      : fmt::format("; {} old generation(s) kept while readers hold them",
                                                    r.publish.held.size()));
  }
}

// The verb and its flags as given, for ops.runs and `status`.
std::string Arguments(const std::string& verb, const pipeline::BuildOptions& o) {
  std::string a = verb;
  if (o.full_refresh) a += " --full-refresh";
  for (size_t i = 0; i < o.select.size(); ++i) a += (i == 0 ? " --select " : ",") + o.select[i];
  if (o.discard_unpublished) a += " --discard-unpublished";
  if (o.compact) a += " --compact";
  return a;
}


Status Build(const project::Project& project, const GlobalOptions& globals, pipeline::BuildOptions options) {
  options.show_progress = globals.format == OutputFormat::kText && ::isatty(STDERR_FILENO) == 1;
  options.arguments = Arguments(options.ingest ? "build" : "run", options);
  ECOMDW_ASSIGN_OR_RETURN(pipeline::BuildReport report, pipeline::RunBuild(project, options));
  const std::string json = ToJson(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  // Machine-readable results of the latest build, beside the project (as dbt's run_results.json).
  Status written = objectstore::WriteFileAtomically(project.config().project_dir / "run_results.json", json + "\n");
  if (!written.ok()) spdlog::warn("run_results.json not written: {}", written.ToString());
  Status exported = metrics::WriteMetricsFile(project);  // node_exporter's textfile (docs/monitoring.md)
  if (!exported.ok()) spdlog::warn("metrics textfile not written: {}", exported.ToString());
  if (globals.format == OutputFormat::kJson) {
    fmt::print("{}\n", json);
  } else {
    PrintText(report);
  }
  if (!report.status.ok()) {
    return report.status.WithContext(fmt::format("build {} not published", report.run_id));
  }
  return Status::OK();
}

void AddVerb(Registry& r, const std::string& name, const std::string& help, bool full_pipeline) {
  CLI::App* sub = r.app->add_subcommand(name, help);
  auto options = std::make_shared<pipeline::BuildOptions>();
  options->ingest = full_pipeline;
  sub->add_flag("--full-refresh", options->full_refresh, "Rebuild every model from all staged batches");
  sub->add_option("--select", options->select, "Models: NAME, NAME+ (and downstream), +NAME (and upstream)")
      ->delimiter(',');
  sub->add_flag("--discard-unpublished", options->discard_unpublished,
                "Drop what an earlier failed build or ingest left unpublished; start from a copy of the published "
                "generation");
  sub->add_flag("--compact", options->compact,
                "Rewrite the published file without dead space even when it is not needed (it is done by itself "
                "when the file holds more than twice the blocks its tables use)");
  if (full_pipeline) {
    sub->add_option("--parallel", options->ingest_parallelism, "Downloads in flight")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
  }
  auto dry_run = std::make_shared<bool>(false);
  sub->add_flag("--dry-run", *dry_run, "Show what it would do and why (as `ecomdw plan`), change nothing");
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals, options, dry_run] {
    *chosen = WithProject(globals, [globals, options, dry_run](const project::Project& p) {
      return *dry_run ? ShowPlan(p, *globals) : Build(p, *globals, *options);
    });
  });
}

}  // namespace

void AddBuildCommand(Registry& r) {
  AddVerb(r, "build",
         "Ingest, stage, model, check and publish atomically; publishes nothing when an error check fails (exit 1)",
         true);
}

void AddRunCommand(Registry& r) {
  AddVerb(r, "run",
         "Stage landed batches, build models, run the checks, then publish (no ingest); like build, publishes "
         "nothing when an error check fails (exit 1)",
         false);
}

}  // namespace ecomdw::cli
