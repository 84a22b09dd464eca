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
// the object's ETag changes and its bytes differ, and then as a new
// version. Readers downstream trust 'landed' rows only.
//
// Content identity. An ETag is only a change detector (on a file:// bucket
// it is size and mtime, so `touch`, `cp` or a tar round trip change it). A
// claim whose SHA-256, once fetched, equals the last landed version's is not
// a new version: RecordSameContent() drops the claim and records the new
// ETag in ops.ingest_sightings as another name of that version, so the next
// listing finds it unchanged without fetching.
//
// Refusals. Keys the run would not fetch (hostile keys, links leaving a
// local bucket) are recorded in ops.ingest_refusals, once per key, reason
// and ETag.
//
// The ledger speaks only to warehouse::Warehouse with bound parameters.
// Not thread safe (one Warehouse session).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
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

// What the ledger knows of one key of a bucket.
struct KnownObject {
  LedgerEntry latest;             // the highest version, landed or 'fetching'
  int64_t landed_version = 0;     // the highest landed version; 0 when none
  std::string landed_sha256;      // that version's content digest
  // ETags known to name exactly that content: the one it was landed with,
  // and every one sighted since (RecordSameContent).
  std::set<std::string> landed_etags;
};

struct Refusal {
  std::string key;     // printable (control and non-UTF-8 bytes escaped)
  std::string reason;
  std::string etag;    // as listed; may be empty
  int64_t size = 0;
};

class Ledger {
 public:
  // REQUIRES: `wh` outlives the Ledger.
  explicit Ledger(warehouse::Warehouse* wh) : wh_(wh) {}

  // Creates schema ops and both tables when missing. A no-op on reruns.
  Status EnsureSchema();

  // Every key of `bucket` the ledger has a row for.
  Result<std::unordered_map<std::string, KnownObject>> KnownObjects(const std::string& bucket);

  // In one transaction: drops `bucket`'s rows still 'fetching' from earlier
  // runs (their files are the caller's to remove: returned), records the
  // batch as 'running' and inserts `claims` as 'fetching'.
  Result<std::vector<LedgerEntry>> Claim(const std::string& bucket, const std::string& batch_id,
                                         const std::vector<LedgerEntry>& claims);

  // In one transaction: each entry (matched by bucket, key, version) becomes
  // 'landed' with its sha256, landed path, and the ETag and size actually read.
  // REQUIRES: all entries are claims of one batch, 'fetching'; Internal (and
  // nothing changed) when one is not.
  Status MarkLanded(const std::string& bucket, const std::vector<LedgerEntry>& landed);

  // In one transaction: for each entry (key, `version` = the landed version
  // whose bytes it turned out to hold, ETag/size/sha256 as read), drops this
  // batch's 'fetching' claim of the key and records the sighting. The caller
  // has removed the fetched file already.
  Status RecordSameContent(const std::string& bucket, const std::string& batch_id,
                           const std::vector<LedgerEntry>& seen);

  // Records refusals not recorded before (same bucket, key, reason, ETag).
  // Returns how many were new.
  Result<int64_t> RecordRefusals(const std::string& bucket, const std::vector<Refusal>& refused);

  // Closes the batch: state "finished" or "failed", with counts and the
  // first error.
  Status FinishBatch(const std::string& batch_id, const std::string& state, int64_t objects, int64_t bytes,
                     const std::string& error);

 private:
  warehouse::Warehouse* wh_;
  warehouse::Timestamp claimed_at_{0};  // of the last Claim(), kept on the landed rows
};

}  // namespace ecomdw::ingest
