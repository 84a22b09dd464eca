#include "staging/loader.h"

#include <algorithm>
#include <map>

#include "common/sql_quote.h"
#include "staging/contract.h"
#include "staging/source_load.h"

namespace ecomdw::staging {
namespace {

using warehouse::Warehouse;

}  // namespace

Result<std::vector<BatchLoadResult>> LoadBatches(Warehouse& wh, const config::Config& config,
                                                 const std::vector<LandedObject>& objects) {
  ECOMDW_TRY(EnsureLoaderOpsTables(wh));
  for (const config::Source& s : config.sources) ECOMDW_TRY(EnsureSourceTables(wh, s));
  for (const LandedObject& o : objects) {
    bool known = std::any_of(config.sources.begin(), config.sources.end(),
                             [&](const config::Source& s) { return s.name == o.source; });
    if (!known) return Status::InvalidArgument("staging: {}: unknown source \"{}\"", o.key, o.source);
  }
  std::map<std::string, BatchLoadResult> by_batch;  // batch ids sort by time
  for (const LandedObject& o : objects) by_batch[o.batch_id].batch_id = o.batch_id;
  for (auto& [batch_id, result] : by_batch) {
    ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult done,
                            wh.Query("SELECT count(*) FROM ops.reconciliation WHERE batch_id = $1", {batch_id}));
    result.already_loaded = std::get<int64_t>(done.Scalar()) > 0;
  }
  ECOMDW_TRY(wh.Begin());
  Status status = [&]() -> Status {
    for (const config::Source& s : config.sources) {
      for (auto& [batch_id, result] : by_batch) {
        if (result.already_loaded) continue;
        std::vector<const LandedObject*> mine;
        for (const LandedObject& o : objects) {
          if (o.source == s.name && o.batch_id == batch_id) mine.push_back(&o);
        }
        if (mine.empty()) continue;
        std::sort(mine.begin(), mine.end(), [](auto* a, auto* b) { return a->key < b->key; });
        ECOMDW_ASSIGN_OR_RETURN(SourceLoadStats stats, LoadSource(wh, batch_id, s, mine));
        result.sources.push_back(std::move(stats));
      }
    }
    return DropWorkTables(wh);
  }();
  if (!status.ok()) {
    (void)wh.Rollback();  // `status` is the failure to report
    return status;
  }
  ECOMDW_TRY(wh.Commit());
  std::vector<BatchLoadResult> out;
  out.reserve(by_batch.size());
  for (auto& [batch_id, result] : by_batch) out.push_back(std::move(result));
  return out;
}

Result<BatchLoadResult> LoadBatch(Warehouse& wh, const config::Config& config, const std::string& batch_id,
                                  const std::vector<LandedObject>& objects) {
  // The batch is the one named: objects are loaded under it whatever their own batch_id says.
  std::vector<LandedObject> mine = objects;
  for (LandedObject& o : mine) o.batch_id = batch_id;
  if (mine.empty()) return BatchLoadResult{.batch_id = batch_id};
  ECOMDW_ASSIGN_OR_RETURN(std::vector<BatchLoadResult> results, LoadBatches(wh, config, mine));
  return std::move(results.front());
}

}  // namespace ecomdw::staging
