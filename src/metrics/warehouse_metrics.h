// The published warehouse's metrics, from its ops tables and catalog:
// what readers see, whatever the latest build did.
//
//   ecomdw_records_{raw,staged,duplicate}_total{source}   counters, ops.reconciliation
//   ecomdw_records_quarantined_total{source,reason}       counter, ops.quarantine_summary
//   ecomdw_objects_landed_total{source}, ecomdw_bytes_landed_total{source}   ops.ingest_ledger
//   ecomdw_reconciliation_unbalanced_batches
//   ecomdw_source_last_landed_timestamp_seconds{source} and ..._landed_lag_seconds{source}
//   ecomdw_source_newest_record_timestamp_seconds{source} and ..._record_lag_seconds{source}
//   ecomdw_table_rows{schema,table}, ecomdw_table_storage_bytes{schema,table}   core, marts, staging
//   ecomdw_warehouse_bytes, ecomdw_published_run_info{run_id}, ecomdw_published_run_timestamp_seconds
//
// Read-only: plain SELECTs and the engine adapter's catalog calls. A table a
// warehouse does not have yet (an ops table before its first writer) leaves
// its families without samples.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "metrics/prometheus_text.h"
#include "warehouse/warehouse.h"

namespace ecomdw::metrics {

// The run that published this warehouse: the newest ops.runs row with
// outcome "published" (nullopt when the warehouse has none).
struct PublishedRun {
  std::string run_id;
  double finished_at = 0;  // Unix seconds
};
Result<std::optional<PublishedRun>> LatestPublishedRun(warehouse::Warehouse& wh);

// `now`: Unix seconds the lags are measured at. A source's newest record is
// the greatest value of its `updated_at` column in staging.<source>, or of
// its partition date (_dt, at midnight UTC) when the contract has none.
// Errors: the engine's, naming the query.
Result<std::vector<Family>> PublishedFamilies(warehouse::Warehouse& wh, const config::Config& config, double now);

}  // namespace ecomdw::metrics
