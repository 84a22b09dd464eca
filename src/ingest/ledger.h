// The ingestion ledger: one row per object version in ops.ingest_ledger, and
// one row per run in ops.ingest_batches. It is what makes ingestion
// exactly-once.
//
// Protocol. A run lists the bucket, compares with LatestVersions(), and
// Claim()s every new or changed object in one transaction, state
// 'fetching', under a new batch id. Only after an object's bytes are in
// their final place in the landing area (renamed, fsynced) and its SHA-256
// is known does MarkLanded() flip it to 'landed'. A crash anywhere leaves
// rows 'fetching' that the next run re-claims and re-fetches (removing any
// file the crashed run left); a 'landed' row is never fetched again unless
// the object's ETag changes, and then as a new version. Readers downstream
// trust 'landed' rows only.
//
// The ledger speaks only to warehouse::Warehouse with bound parameters.
// Not thread safe (one Warehouse session).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "warehouse/warehouse.h"

namespace ecomdw::ingest {

inline constexpr const char* kStateFetching = "fetching";
inline constexpr const char* kStateLanded = "landed";

struct LedgerEntry {
  std::string key;
  int64_t version = 1;  // 1 for the first ETag seen under a key, +1 per change
  std::string etag;
  int64_t size = 0;
  std::string sha256;  // empty until landed
  std::string source;
  std::optional<warehouse::Date> partition_date;
  std::string batch_id;
  std::string state;
  std::string landed_path;  // absolute path in the landing area
  int64_t last_modified_unix = 0;
};

class Ledger {
 public:
  // REQUIRES: `wh` outlives the Ledger.
  explicit Ledger(warehouse::Warehouse* wh) : wh_(wh) {}

  // Creates schema ops and both tables when missing. A no-op on reruns.
  Status EnsureSchema();

  // The highest version of every key of `bucket`, landed or not.
  Result<std::unordered_map<std::string, LedgerEntry>> LatestVersions(const std::string& bucket);

  // In one transaction: drops `bucket`'s rows still 'fetching' from earlier
  // runs (their files are the caller's to remove: returned), records the
  // batch as 'running' and inserts `claims` as 'fetching'.
  Result<std::vector<LedgerEntry>> Claim(const std::string& bucket, const std::string& batch_id,
                                         const std::vector<LedgerEntry>& claims);

  // In one transaction: each entry (matched by bucket, key, version) becomes
  // 'landed' with its sha256, landed path, and the ETag and size actually read.
  Status MarkLanded(const std::string& bucket, const std::vector<LedgerEntry>& landed);

  // Closes the batch: state "finished" or "failed", with counts and the
  // first error.
  Status FinishBatch(const std::string& batch_id, const std::string& state, int64_t objects, int64_t bytes,
                     const std::string& error);

 private:
  warehouse::Warehouse* wh_;
};

}  // namespace ecomdw::ingest
