#include "modeltest/scratch.h"

#include "common/sql_quote.h"
#include "models/runner.h"
#include "ops/model_ops.h"
#include "staging/contract.h"
#include "warehouse/engine_adapter.h"

namespace ecomdw::modeltest {

Status PrepareScratch(warehouse::Warehouse& wh, const config::Config& config) {
  ECOMDW_TRY(staging::EnsureLoaderOpsTables(wh));
  for (const config::Source& source : config.sources) {
    ECOMDW_TRY(staging::EnsureSourceTables(wh, source).WithContext("source " + source.name));
  }
  return models::EnsureRunLogTables(wh);
}

Status SetTestBatches(warehouse::Warehouse& wh, const config::Config& config, bool all,
                      const std::vector<std::string>& batches) {
  std::vector<std::string> chosen = batches;
  if (all) {
    chosen.clear();
    std::string staged;
    for (const config::Source& source : config.sources) {
      ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteQualified("staging", source.name));
      staged += (staged.empty() ? "" : " UNION ") + ("SELECT _batch_id FROM " + t);
    }
    if (!staged.empty()) {
      ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r,
                              wh.Query("SELECT DISTINCT _batch_id FROM (" + staged +
                                       ") AS b WHERE _batch_id IS NOT NULL ORDER BY 1"));
      for (const warehouse::Row& row : r.rows) chosen.push_back(warehouse::ValueToString(row[0]));
    }
  }
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> db, warehouse::AdapterFor(wh));
  return ops::ReplacePendingBatches(*db, chosen);
}

}  // namespace ecomdw::modeltest
