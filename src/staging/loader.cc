#include "staging/loader.h"

#include <algorithm>

#include "common/sql_quote.h"
#include "staging/contract.h"
#include "staging/source_load.h"

namespace ecomdw::staging {
namespace {

using warehouse::Warehouse;

}  // namespace

Result<BatchLoadResult> LoadBatch(Warehouse& wh, const config::Config& config, const std::string& batch_id,
                                  const std::vector<LandedObject>& objects) {
  BatchLoadResult result;
  result.batch_id = batch_id;
  ECOMDW_TRY(EnsureLoaderOpsTables(wh));
  for (const config::Source& s : config.sources) ECOMDW_TRY(EnsureSourceTables(wh, s));
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult done,
                          wh.Query("SELECT count(*) FROM ops.reconciliation WHERE batch_id = $1", {batch_id}));
  if (std::get<int64_t>(done.Scalar()) > 0) {
    result.already_loaded = true;
    return result;
  }
  for (const LandedObject& o : objects) {
    bool known = std::any_of(config.sources.begin(), config.sources.end(),
                             [&](const config::Source& s) { return s.name == o.source; });
    if (!known) return Status::InvalidArgument("staging: {}: unknown source \"{}\"", o.key, o.source);
  }
  ECOMDW_TRY(wh.Begin());
  Status status = [&]() -> Status {
    for (const config::Source& s : config.sources) {
      std::vector<const LandedObject*> mine;
      for (const LandedObject& o : objects) {
        if (o.source == s.name) mine.push_back(&o);
      }
      if (mine.empty()) continue;
      std::sort(mine.begin(), mine.end(), [](auto* a, auto* b) { return a->key < b->key; });
      ECOMDW_ASSIGN_OR_RETURN(SourceLoadStats stats, LoadSource(wh, batch_id, s, mine));
      result.sources.push_back(std::move(stats));
    }
    return DropWorkTables(wh);
  }();
  if (!status.ok()) {
    (void)wh.Rollback();  // `status` is the failure to report
    return status;
  }
  ECOMDW_TRY(wh.Commit());
  return result;
}

}  // namespace ecomdw::staging
