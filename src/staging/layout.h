// The field layout of each object of a source in staging_work: the CSV
// header, the union of JSON keys, or the Parquet schema. Drift detection
// compares these with the contract (drift.h).
#pragma once

#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "staging/drift.h"
#include "warehouse/warehouse.h"

namespace ecomdw::staging {

// One layout per object that has records to read. Zero-byte objects and
// CSV objects without a header line have none (they hold no records).
// JSON objects without a single valid record get the contract's layout.
Result<std::vector<ObjectLayout>> ReadLayouts(warehouse::Warehouse& wh, const config::Source& source);

}  // namespace ecomdw::staging
