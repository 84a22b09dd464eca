// The staging loader: one ingested batch in, typed rows in staging.<source>,
// rejected records in quarantine.<source>, and the reconciliation that
// accounts for every raw record:
//
//   raw records = staged + quarantined + exact duplicates dropped
//
// per batch and source, stored in ops.reconciliation. A batch that does not
// balance fails. Broken objects do not stop a batch: an object that cannot
// be read is quarantined whole (reason unreadable_object) and counts as one
// raw record. See docs/staging.md for the tables, reasons and the
// duplicate rule.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "staging/landed_object.h"
#include "warehouse/warehouse.h"

namespace ecomdw::staging {

struct SourceLoadStats {
  std::string source;
  int64_t objects = 0;
  int64_t raw_records = 0;  // an unreadable object counts as one record
  int64_t staged = 0;
  int64_t quarantined = 0;
  int64_t duplicates = 0;   // exact duplicates dropped
  std::map<std::string, int64_t> quarantined_by_reason;
  // Counted apart: conflicting duplicates and unreadable objects are also
  // in `quarantined`; replaced records were staged by an earlier version of
  // an object this batch re-delivers, and are removed from staging.
  int64_t conflicts = 0;
  int64_t unreadable_objects = 0;
  int64_t replaced = 0;
};

struct BatchLoadResult {
  std::string batch_id;
  bool already_loaded = false;  // a rerun: nothing was changed
  std::vector<SourceLoadStats> sources;
};

// Loads `objects` (all of batch `batch_id`) in one transaction of `wh`:
// either every source of the batch is staged and reconciled, or nothing is.
// Sources load in ecomdw.toml order. Rerunning a loaded batch is a no-op.
// Errors: DataError for drift under policy `fail` (naming object and
// column) or an unbalanced reconciliation; IOError when a landed file is
// missing or from the engine. Damaged objects are not errors (see above).
Result<BatchLoadResult> LoadBatch(warehouse::Warehouse& wh, const config::Config& config, const std::string& batch_id,
                                  const std::vector<LandedObject>& objects);

// Loads every batch `objects` belong to (any number, each object naming
// its batch) in one transaction, source by source in ecomdw.toml order and,
// within a source, batch by batch in batch-id (= ingest) order. So a rule
// that looks up another source (orders' unknown_currency looks up
// staging.ecb_fx_rates) sees everything landed before this build, however
// many ingest runs delivered it: FX rates landed by a later `ingest` than
// the orders they price are not "unknown" (a killed ingest, or ingest run
// per source, gives several batches). Reconciliation stays per batch and
// source. Results in batch-id order; batches loaded before are reported
// already_loaded and left alone. Errors as LoadBatch.
Result<std::vector<BatchLoadResult>> LoadBatches(warehouse::Warehouse& wh, const config::Config& config,
                                                 const std::vector<LandedObject>& objects);

}  // namespace ecomdw::staging
