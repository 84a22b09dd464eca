// `ecomdw ingest`: fetch every new or changed raw object exactly once into
// the landing area, recorded in the ledger (see ledger.h for the protocol).
//
// Not for parsing or loading the objects: staging reads the landed files
// listed in ops.ingest_ledger with state 'landed'.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/ingest_plan.h"
#include "objectstore/object_store.h"
#include "warehouse/warehouse.h"

namespace ecomdw::ingest {

struct IngestedObject {
  std::string key;
  std::string source;
  int64_t version = 1;
  int64_t size = 0;
  std::string etag;
  std::string sha256;
  std::string landed_path;
};

struct RefusedKey {
  std::string key;     // as listed (may hold control bytes: escape before printing)
  std::string reason;  // ValidateObjectKey's or the store's message
};

struct IngestReport {
  std::string batch_id;          // empty when there was nothing to fetch
  int64_t listed = 0;            // objects under the sources' prefixes
  int64_t unchanged = 0;         // already landed with the same ETag
  int64_t new_objects = 0;       // keys never seen
  int64_t new_versions = 0;      // known keys with a new ETag and new bytes, landed as a new version
  int64_t retried = 0;           // left 'fetching' by an interrupted run, fetched again
  // Known keys with a new ETag (touched, re-copied, untarred, re-uploaded in
  // parts) or an interrupted claim whose fetched bytes equal the landed
  // version's: not landed, the ETag recorded in ops.ingest_sightings.
  int64_t same_content = 0;
  int64_t landed = 0;
  int64_t bytes_landed = 0;
  double seconds = 0;
  std::vector<IngestedObject> objects;   // landed by this run
  // Never fetched: hostile keys, keys outside their source's prefix, local
  // links leaving the bucket, FIFOs … Recorded in ops.ingest_refusals; they
  // do not fail the run (one hostile name must not stop every later build).
  std::vector<RefusedKey> refused;
  std::vector<std::string> failures;     // "key: error" for objects not landed
  // OK when every listed object that is not refused is landed (or held the
  // bytes already landed); otherwise why not (the ledger keeps what did
  // land, and a rerun fetches the rest).
  Status status;
};

// Lists every source prefix, claims new and changed objects under one new
// batch id, fetches them `plan.parallelism` at a time into
// <landing_dir>/<batch>/<LandingName(key)>, verifies and records each. An
// object whose bytes equal its landed version's is not landed again (see
// ledger.h, "Content identity"). A rerun with nothing new changes nothing
// and creates no batch.
//
// The returned Result fails only when nothing could be done (listing or the
// ledger failed). Per-object problems: refused keys are in
// IngestReport::refused (never fetched, nothing written, status stays OK);
// the first object that could not be fetched within the retry budget is in
// IngestReport::status.
Result<IngestReport> RunIngest(const IngestPlan& plan, objectstore::ObjectStore& store, warehouse::Warehouse& wh);

}  // namespace ecomdw::ingest
