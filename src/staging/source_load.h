// Loading one source's objects of a batch: objects parsed (text formats, on
// worker threads) or read by DuckDB (Parquet) slice by slice, typed, rules
// and duplicates in SQL, quarantine, drift records and the reconciliation.
// Internal to the loader (loader.h), which owns the transaction.
#pragma once

#include <vector>

#include "staging/loader.h"

namespace ecomdw::staging {

Result<SourceLoadStats> LoadSource(warehouse::Warehouse& wh, const std::string& batch_id, const config::Source& source,
                                   const std::vector<const LandedObject*>& objects);

// Drops the loader's scratch tables (temp.stg_*), which hold raw values.
Status DropWorkTables(warehouse::Warehouse& wh);

}  // namespace ecomdw::staging
