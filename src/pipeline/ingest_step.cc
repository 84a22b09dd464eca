#include "pipeline/ingest_step.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <set>

#include "ingest/ledger.h"
#include "objectstore/object_store.h"
#include "staging/contract.h"

namespace ecomdw::pipeline {

Result<MissingLanded> ForgetMissingLanded(warehouse::Warehouse& wh) {
  ingest::Ledger ledger(&wh);
  ECOMDW_TRY(ledger.EnsureSchema());
  ECOMDW_TRY(staging::EnsureLoaderOpsTables(wh));
  // TODO(ingest owner): a typed Ledger call for this; until then the one
  // statement that reads and changes the ledger from outside ingest/.
  ECOMDW_ASSIGN_OR_RETURN(
      warehouse::QueryResult rows,
      wh.Query("SELECT landed_path, batch_id FROM ops.ingest_ledger WHERE state = 'landed' AND batch_id NOT IN "
               "(SELECT DISTINCT batch_id FROM ops.reconciliation) ORDER BY batch_id, object_key"));
  MissingLanded missing;
  std::set<std::string> batches;
  std::vector<std::string> gone;
  for (const auto& row : rows.rows) {
    const std::string& path = std::get<std::string>(row[0]);
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) continue;
    if (missing.first.empty()) missing.first = path;
    gone.push_back(path);
    batches.insert(std::get<std::string>(row[1]));
  }
  if (gone.empty()) return missing;
  ECOMDW_TRY(wh.Begin());
  for (const std::string& path : gone) {
    Result<int64_t> n =
        wh.ExecuteParams("DELETE FROM ops.ingest_ledger WHERE landed_path = $1 AND state = 'landed'", {path});
    if (!n.ok()) {
      (void)wh.Rollback();
      return n.status();
    }
  }
  ECOMDW_TRY(wh.Commit());
  missing.objects = static_cast<int64_t>(gone.size());
  missing.batches.assign(batches.begin(), batches.end());
  return missing;
}

ingest::IngestPlan MakeIngestPlan(const config::Config& cfg, int parallelism, bool show_progress) {
  ingest::IngestPlan plan;
  plan.bucket_uri = cfg.ResolvedBucketUri();
  for (const config::Source& s : cfg.sources) plan.sources.push_back({s.name, s.prefix, s.format});
  plan.landing_dir = cfg.Resolve(cfg.bucket.landing_dir);
  plan.parallelism = parallelism;
  plan.show_progress = show_progress;
  return plan;
}

Result<ingest::IngestReport> IngestInto(const project::Project& project, warehouse::Warehouse& wh, int parallelism,
                                        bool show_progress, MissingLanded* forgotten) {
  ECOMDW_ASSIGN_OR_RETURN(*forgotten, ForgetMissingLanded(wh));
  if (forgotten->objects > 0) {
    spdlog::warn("{} landed objects of {} batch(es) are gone from the landing area (first: {}); fetching them "
                 "again from the bucket",
                 forgotten->objects, forgotten->batches.size(), forgotten->first);
  }
  ingest::IngestPlan plan = MakeIngestPlan(project.config(), parallelism, show_progress);
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<objectstore::ObjectStore> store,
                          objectstore::OpenObjectStore(plan.bucket_uri));
  return ingest::RunIngest(plan, *store, wh);
}

}  // namespace ecomdw::pipeline
