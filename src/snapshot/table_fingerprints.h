// The content of a warehouse, table by table: every base table of every
// schema (core, marts, ops, and the loader's), with its row count and
// content fingerprint (warehouse::EngineAdapter::FingerprintTable), and the
// comparison verify makes against a manifest.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "snapshot/manifest.h"
#include "warehouse/engine_adapter.h"

namespace ecomdw::snapshot {

// Every base table of `db`'s current database, sorted by "schema.table".
Result<std::vector<TableEntry>> FingerprintEveryTable(warehouse::EngineAdapter& db);

// What differs between the tables a manifest lists (`want`) and those found
// (`got`), one line each ("core.fact_orders: 1480 rows in the manifest, 1479
// in the file"); empty when they agree. Fingerprints are compared only when
// `compare_hashes` (both made by the same method); row counts always.
std::vector<std::string> CompareTables(const std::vector<TableEntry>& want, const std::vector<TableEntry>& got,
                                       bool compare_hashes);

}  // namespace ecomdw::snapshot
