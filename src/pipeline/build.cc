#include "pipeline/build.h"

#include <chrono>
#include <random>

#include <fmt/ranges.h>

#include "common/sql_quote.h"
#include "models/project_models.h"
#include "pipeline/model_step.h"
#include "pipeline/progress_lines.h"
#include "objectstore/object_store.h"
#include "ingest/ledger.h"
#include "ops/model_ops.h"
#include "quality/check_run_store.h"
#include "quality/staged_volume.h"
#include "staging/contract.h"
#include "warehouse/engine_adapter.h"

namespace ecomdw::pipeline {
namespace {

using Clock = std::chrono::steady_clock;
using warehouse::Warehouse;

std::string NewRunId() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
  std::mt19937_64 rng(std::random_device{}());
  return fmt::format("run-{}-{:04x}", stamp, rng() & 0xffff);
}


// Times one stage into the report.
class StageTimer {
 public:
  StageTimer(BuildReport* report, std::string stage) : report_(report), stage_(std::move(stage)) {}
  ~StageTimer() {
    report_->stages.push_back({stage_, std::chrono::duration<double>(Clock::now() - start_).count()});
  }

 private:
  BuildReport* report_;
  std::string stage_;
  Clock::time_point start_ = Clock::now();
};

// Every landed object of the batches not staged yet, all in one load
// (staging::LoadBatches: source by source, each source's batches in order).
Status Stage(const config::Config& cfg, Warehouse& wh, bool show_progress, BuildReport* report) {
  ECOMDW_TRY(staging::EnsureLoaderOpsTables(wh));
  ECOMDW_ASSIGN_OR_RETURN(
      warehouse::QueryResult rows,
      wh.Query("SELECT batch_id, source, object_key, landed_path, size FROM ops.ingest_ledger "
               "WHERE state = 'landed' AND batch_id NOT IN (SELECT DISTINCT batch_id FROM ops.reconciliation) "
               "ORDER BY batch_id, object_key"));
  if (rows.rows.empty()) return Status::OK();
  ProgressLines(show_progress).Stage("staging", fmt::format("{} landed objects", rows.rows.size()));
  std::vector<staging::LandedObject> pending;
  pending.reserve(rows.rows.size());
  for (const auto& row : rows.rows) {
    pending.push_back({std::get<std::string>(row[1]), std::get<std::string>(row[2]), std::get<std::string>(row[3]),
                       std::get<std::string>(row[0]), std::get<int64_t>(row[4])});
  }
  ECOMDW_ASSIGN_OR_RETURN(std::vector<staging::BatchLoadResult> loaded, staging::LoadBatches(wh, cfg, pending));
  for (staging::BatchLoadResult& r : loaded) report->staged.push_back(std::move(r));
  return Status::OK();
}

Status Model(const config::Config& cfg, const BuildOptions& o, Warehouse& wh, const std::string& run_id,
             BuildReport* report) {
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> db, warehouse::AdapterFor(wh));
  ECOMDW_ASSIGN_OR_RETURN(report->applied_batches, ops::SetPendingBatches(*db, o.full_refresh));
  ECOMDW_ASSIGN_OR_RETURN(models::ModelGraph graph, models::LoadProjectModels(cfg.project_dir, wh));
  ECOMDW_ASSIGN_OR_RETURN(report->changes, models::PlanChanges(wh, graph));
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult staged, wh.Query("SELECT count(*) FROM ops.reconciliation"));
  // Nothing to build from yet, or a run as asked (--full-refresh, --select): no change-driven rebuild.
  if (std::get<int64_t>(staged.Scalar()) == 0 || o.full_refresh || !o.select.empty()) report->changes = {};
  if (report->applied_batches.empty() && !o.full_refresh && o.select.empty() && report->changes.rebuild.empty()) {
    return Status::OK();
  }
  models::RunOptions run{.run_id = run_id,
                         .select = o.select,
                         .full_refresh = o.full_refresh,
                         .threads = config::MapWorkgroupToThisMachine(cfg.workgroup).threads,
                         .retry = {.retries = static_cast<int>(cfg.build.task_retries),
                                   .backoff = std::chrono::milliseconds(cfg.build.retry_backoff_ms)},
                         .on_finished = ProgressLines(o.show_progress).ModelLines()};
  ProgressLines(o.show_progress)
      .Stage("models", fmt::format("{} batches to apply{}", report->applied_batches.size(),
                                   report->changes.rebuild.empty()
                                       ? ""
                                       : fmt::format(", {} models changed", report->changes.rebuild.size())));
  ECOMDW_ASSIGN_OR_RETURN(report->models, RunModelsChangeAware(wh, graph, run, report->changes,
                                                               !report->applied_batches.empty()));
  for (const models::TaskResult& t : report->models) {
    if (!t.status.ok() && !t.skipped) return t.status;
  }
  return ops::MarkPendingModelled(*db, run_id);
}

Status CountTables(Warehouse& wh, BuildReport* report) {
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> db, warehouse::AdapterFor(wh));
  for (const char* schema : {"core", "marts"}) {
    ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> tables, db->ListTables(schema));
    for (const std::string& t : tables) {
      ECOMDW_ASSIGN_OR_RETURN(int64_t n, db->CountRows(schema, t));
      report->table_rows.emplace_back(std::string(schema) + "." + t, n);
    }
  }
  return Status::OK();
}

Status RecordRun(Warehouse& wh, const BuildReport& r, warehouse::Timestamp started, const std::string& arguments) {
  ECOMDW_TRY(wh.Execute(
      "CREATE SCHEMA IF NOT EXISTS ops; CREATE TABLE IF NOT EXISTS ops.runs (run_id VARCHAR, started_at TIMESTAMP, "
      "finished_at TIMESTAMP, outcome VARCHAR, error VARCHAR, batches_applied BIGINT, arguments VARCHAR)"));
  return wh
      .ExecuteParams("INSERT INTO ops.runs (run_id, started_at, finished_at, outcome, error, batches_applied, "
                     "arguments) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     {r.run_id, started, warehouse::NowTimestamp(), r.outcome,
                      r.status.ok() ? warehouse::Value{} : warehouse::Value{r.status.ToString()},
                      static_cast<int64_t>(r.applied_batches.size()), arguments})
      .status();
}

}  // namespace

Result<BuildReport> RunBuild(const project::Project& project, const BuildOptions& o) {
  const config::Config& cfg = project.config();
  BuildReport report;
  report.run_id = NewRunId();
  warehouse::Timestamp started = warehouse::NowTimestamp();
  auto prepare_start = Clock::now();
  ECOMDW_ASSIGN_OR_RETURN(project::Work work,
                          project.OpenWork(publish::BuildLock::Mode::kFail, o.ingest ? "build" : "run",
                                           o.discard_unpublished));
  report.stages.push_back({"prepare", std::chrono::duration<double>(Clock::now() - prepare_start).count()});
  report.work = work.generation();
  Warehouse& wh = work.wh();
  const std::filesystem::path file = work.generation().file;

  std::vector<std::filesystem::path> folded_check_runs;  // `ecomdw check` runs saved since the last publish
  Status status = [&]() -> Status {
    ingest::Ledger ledger(&wh);
    ECOMDW_TRY(ledger.EnsureSchema());
    ECOMDW_ASSIGN_OR_RETURN(folded_check_runs, quality::FoldSavedCheckRuns(wh, project.state_dir()));
    if (o.ingest) {
      StageTimer t(&report, "ingest");
      ECOMDW_ASSIGN_OR_RETURN(report.ingest,
                              IngestInto(project, wh, o.ingest_parallelism, o.show_progress, &report.forgotten));
      ECOMDW_TRY(project::NameDiskFull(report.ingest.status, cfg.Resolve(cfg.bucket.landing_dir)));
    } else {
      ECOMDW_ASSIGN_OR_RETURN(report.forgotten, ForgetMissingLanded(wh));
      if (report.forgotten.objects > 0) {
        return Status::NotFound(
            "{} landed objects of batch(es) {} are gone from the landing area {} (first: {}); they were never "
            "staged: `ecomdw ingest` or `ecomdw build` fetches them again from the bucket",
            report.forgotten.objects, fmt::join(report.forgotten.batches, ", "),
            cfg.Resolve(cfg.bucket.landing_dir).string(), report.forgotten.first);
      }
    }
    {
      StageTimer t(&report, "staging");
      ECOMDW_TRY(Stage(cfg, wh, o.show_progress, &report));
      std::vector<std::string> sources;
      for (const config::Source& s : cfg.sources) sources.push_back(s.name);
      ECOMDW_TRY(quality::RecordStagedVolume(wh, sources));  // for the checks of a silent source
    }
    {
      StageTimer t(&report, "models");
      ECOMDW_TRY(Model(cfg, o, wh, report.run_id, &report));
    }
    ECOMDW_TRY(CountTables(wh, &report));
    if (report.table_rows.empty()) {
      return Status::NotFound("nothing to publish: no batch has been landed from {} yet{}", cfg.ResolvedBucketUri(),
                              o.ingest ? "" : " (`ecomdw ingest` fetches, or `ecomdw build` does everything)");
    }
    StageTimer t(&report, "checks");
    ECOMDW_ASSIGN_OR_RETURN(std::vector<quality::Check> checks, quality::LoadChecks(cfg.project_dir));
    ProgressLines(o.show_progress).Stage("checks", fmt::format("{} checks", checks.size()));
    ECOMDW_ASSIGN_OR_RETURN(report.checks, quality::RunChecks(wh, checks, report.run_id, {}));
    if (report.checks.HasErrorFailures()) {
      return Status::CheckFailed("{} error check(s) failed and {} could not run; nothing was published",
                                 report.checks.failed, report.checks.errored);
    }
    return Status::OK();
  }();

  report.status = project::NameDiskFull(status, file);
  report.outcome = status.ok() ? "published" : status.IsCheckFailed() ? "checks_failed" : "failed";
  Status recorded = RecordRun(wh, report, started, o.arguments);
  if (!status.ok()) return report;  // nothing published; the work generation keeps its progress
  if (!recorded.ok()) {
    report.status = project::NameDiskFull(recorded, file);
    report.outcome = "failed";
    return report;
  }
  {
    StageTimer t(&report, "publish");
    Result<project::PublishReport> published = work.Publish(o.compact);
    if (!published.ok()) {
      report.status = published.status();
      report.outcome = "failed";
      return report;
    }
    report.publish = std::move(published).value();
  }
  report.published_file = report.publish.file.string();
  quality::RemoveSavedCheckRuns(folded_check_runs);  // in the published ops.check_results now
  return report;
}

}  // namespace ecomdw::pipeline
