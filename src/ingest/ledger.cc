#include "ingest/ledger.h"

#include <chrono>
#include <tuple>

#include "common/sql_quote.h"

namespace ecomdw::ingest {
namespace {

using warehouse::Value;


Value OrNull(const std::optional<warehouse::Date>& d) {
  if (!d) return Value();
  return Value(*d);
}

Value TimestampOrNull(int64_t unix_seconds) {
  if (unix_seconds <= 0) return Value();
  return Value(warehouse::Timestamp{unix_seconds * 1000000});
}

std::string AsString(const Value& v) { return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : ""; }
int64_t AsInt(const Value& v) { return std::holds_alternative<int64_t>(v) ? std::get<int64_t>(v) : 0; }

// Runs `body` inside Begin/Commit, rolling back on any failure.
template <typename F>
Status InTransaction(warehouse::Warehouse* wh, F&& body) {
  ECOMDW_TRY(wh->Begin());
  Status st = body();
  if (!st.ok()) {
    Status rb = wh->Rollback();
    (void)rb;  // the first failure is the one to report
    return st;
  }
  return wh->Commit();
}

}  // namespace

Status Ledger::EnsureSchema() {
  ECOMDW_ASSIGN_OR_RETURN(std::string ops, QuoteIdentifier("ops"));
  ECOMDW_ASSIGN_OR_RETURN(std::string ledger, QuoteQualified("ops", "ingest_ledger"));
  ECOMDW_ASSIGN_OR_RETURN(std::string batches, QuoteQualified("ops", "ingest_batches"));
  ECOMDW_ASSIGN_OR_RETURN(std::string sightings, QuoteQualified("ops", "ingest_sightings"));
  ECOMDW_ASSIGN_OR_RETURN(std::string refusals, QuoteQualified("ops", "ingest_refusals"));
  return wh_->Execute(fmt::format(R"(
CREATE SCHEMA IF NOT EXISTS {};
CREATE TABLE IF NOT EXISTS {} (
  bucket VARCHAR NOT NULL,
  object_key VARCHAR NOT NULL,
  version BIGINT NOT NULL,
  etag VARCHAR NOT NULL,
  size BIGINT NOT NULL,
  sha256 VARCHAR,
  source VARCHAR NOT NULL,
  partition_date DATE,
  batch_id VARCHAR NOT NULL,
  state VARCHAR NOT NULL,
  landed_path VARCHAR,
  last_modified TIMESTAMP,
  claimed_at TIMESTAMP NOT NULL,
  landed_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS {} (
  batch_id VARCHAR NOT NULL,
  bucket VARCHAR NOT NULL,
  state VARCHAR NOT NULL,
  objects_claimed BIGINT NOT NULL,
  objects_landed BIGINT,
  bytes_landed BIGINT,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  error VARCHAR
);
CREATE TABLE IF NOT EXISTS {} (
  bucket VARCHAR NOT NULL,
  object_key VARCHAR NOT NULL,
  version BIGINT NOT NULL,
  etag VARCHAR NOT NULL,
  size BIGINT NOT NULL,
  sha256 VARCHAR NOT NULL,
  last_modified TIMESTAMP,
  batch_id VARCHAR NOT NULL,
  seen_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS {} (
  bucket VARCHAR NOT NULL,
  object_key VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  etag VARCHAR NOT NULL,
  size BIGINT NOT NULL,
  first_seen_at TIMESTAMP NOT NULL
);)",
                                  ops, ledger, batches, sightings, refusals));
}

Result<std::unordered_map<std::string, KnownObject>> Ledger::KnownObjects(const std::string& bucket) {
  std::unordered_map<std::string, KnownObject> out;
  Status st = wh_->QueryEach(
      R"(SELECT object_key, version, etag, size, state, landed_path, batch_id, sha256
FROM (SELECT *, row_number() OVER (PARTITION BY object_key ORDER BY version DESC) AS rn
      FROM "ops"."ingest_ledger" WHERE bucket = $1) AS t
WHERE rn = 1)",
      {Value(bucket)}, [&](const warehouse::Row& row) -> Status {
        LedgerEntry e;
        e.key = AsString(row[0]);
        e.version = AsInt(row[1]);
        e.etag = AsString(row[2]);
        e.size = AsInt(row[3]);
        e.state = AsString(row[4]);
        e.landed_path = AsString(row[5]);
        e.batch_id = AsString(row[6]);
        e.sha256 = AsString(row[7]);
        std::string key = e.key;
        out[std::move(key)].latest = std::move(e);
        return Status::OK();
      });
  if (st.ok()) {
    st = wh_->QueryEach(
        R"(SELECT object_key, version, sha256, etag
FROM (SELECT *, row_number() OVER (PARTITION BY object_key ORDER BY version DESC) AS rn
      FROM "ops"."ingest_ledger" WHERE bucket = $1 AND state = $2) AS t
WHERE rn = 1)",
        {Value(bucket), Value(std::string(kStateLanded))}, [&](const warehouse::Row& row) -> Status {
          KnownObject& k = out[AsString(row[0])];
          k.landed_version = AsInt(row[1]);
          k.landed_sha256 = AsString(row[2]);
          k.landed_etags.insert(AsString(row[3]));
          return Status::OK();
        });
  }
  if (st.ok()) {
    // A sighting counts only for the very bytes it saw: if a landed row is
    // ever replaced (a landing area re-fetched), its old sightings do not
    // vouch for the new row.
    st = wh_->QueryEach(R"(SELECT object_key, version, etag, sha256 FROM "ops"."ingest_sightings" WHERE bucket = $1)",
                        {Value(bucket)}, [&](const warehouse::Row& row) -> Status {
                          auto it = out.find(AsString(row[0]));
                          if (it != out.end() && it->second.landed_version == AsInt(row[1]) &&
                              it->second.landed_sha256 == AsString(row[3])) {
                            it->second.landed_etags.insert(AsString(row[2]));
                          }
                          return Status::OK();
                        });
  }
  if (!st.ok()) return st.WithContext("reading ops.ingest_ledger");
  return out;
}

Result<std::vector<LedgerEntry>> Ledger::Claim(const std::string& bucket, const std::string& batch_id,
                                               const std::vector<LedgerEntry>& claims) {
  std::vector<LedgerEntry> stale;
  Status st = InTransaction(wh_, [&]() -> Status {
    ECOMDW_TRY(wh_->QueryEach(
        R"(SELECT object_key, landed_path FROM "ops"."ingest_ledger" WHERE bucket = $1 AND state = $2)",
        {Value(bucket), Value(std::string(kStateFetching))}, [&](const warehouse::Row& row) -> Status {
          LedgerEntry e;
          e.key = AsString(row[0]);
          e.landed_path = AsString(row[1]);
          stale.push_back(std::move(e));
          return Status::OK();
        }));
    ECOMDW_ASSIGN_OR_RETURN(int64_t dropped,
                            wh_->ExecuteParams(R"(DELETE FROM "ops"."ingest_ledger" WHERE bucket = $1 AND state = $2)",
                                               {Value(bucket), Value(std::string(kStateFetching))}));
    (void)dropped;
    claimed_at_ = warehouse::NowTimestamp();
    Value now = claimed_at_;
    ECOMDW_ASSIGN_OR_RETURN(
        int64_t n, wh_->ExecuteParams(R"(INSERT INTO "ops"."ingest_batches"
(batch_id, bucket, state, objects_claimed, started_at) VALUES ($1, $2, 'running', $3, $4))",
                                      {Value(batch_id), Value(bucket), Value(static_cast<int64_t>(claims.size())), now}));
    (void)n;
    ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::BulkWriter> w, wh_->OpenBulkWriter("ops", "ingest_ledger"));
    for (const LedgerEntry& c : claims) {
      ECOMDW_TRY(w->AppendRow({Value(bucket), Value(c.key), Value(c.version), Value(c.etag), Value(c.size), Value(),
                               Value(c.source), OrNull(c.partition_date), Value(batch_id),
                               Value(std::string(kStateFetching)), Value(c.landed_path),
                               TimestampOrNull(c.last_modified_unix), now, Value()}));
    }
    return w->Close();
  });
  if (!st.ok()) return st.WithContext("claiming objects in ops.ingest_ledger");
  return stale;
}

Status Ledger::MarkLanded(const std::string& bucket, const std::vector<LedgerEntry>& landed) {
  if (landed.empty()) return Status::OK();
  // One bulk append and one DELETE instead of an UPDATE per object: the
  // ledger has no index, so per-object UPDATEs scan it once each (15 s at
  // SF 1, quadratic beyond).
  const std::string batch_id = landed.front().batch_id;
  Status st = InTransaction(wh_, [&]() -> Status {
    const warehouse::Timestamp now = warehouse::NowTimestamp();
    const warehouse::Timestamp claimed_at = claimed_at_.micros != 0 ? claimed_at_ : now;
    ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::BulkWriter> w, wh_->OpenBulkWriter("ops", "ingest_ledger"));
    for (const LedgerEntry& e : landed) {
      if (e.batch_id != batch_id) return Status::Internal("MarkLanded: entries of two batches in one call");
      ECOMDW_TRY(w->AppendRow({Value(bucket), Value(e.key), Value(e.version), Value(e.etag), Value(e.size),
                               Value(e.sha256), Value(e.source), OrNull(e.partition_date), Value(e.batch_id),
                               Value(std::string(kStateLanded)), Value(e.landed_path),
                               TimestampOrNull(e.last_modified_unix), Value(claimed_at), Value(now)}));
    }
    ECOMDW_TRY(w->Close());
    ECOMDW_ASSIGN_OR_RETURN(int64_t dropped, wh_->ExecuteParams(R"(DELETE FROM "ops"."ingest_ledger" AS l
WHERE l.bucket = $1 AND l.batch_id = $2 AND l.state = $3 AND EXISTS (
  SELECT 1 FROM "ops"."ingest_ledger" AS x
  WHERE x.bucket = l.bucket AND x.object_key = l.object_key AND x.version = l.version AND x.state = $4))",
                                                                 {Value(bucket), Value(batch_id),
                                                                  Value(std::string(kStateFetching)),
                                                                  Value(std::string(kStateLanded))}));
    if (dropped != static_cast<int64_t>(landed.size())) {
      return Status::Internal("{} objects landed but {} of their claims were 'fetching' in batch {}", landed.size(),
                              dropped, batch_id);
    }
    return Status::OK();
  });
  return st.ok() ? st : st.WithContext("marking objects landed in ops.ingest_ledger");
}

Status Ledger::RecordSameContent(const std::string& bucket, const std::string& batch_id,
                                 const std::vector<LedgerEntry>& seen) {
  if (seen.empty()) return Status::OK();
  Status st = InTransaction(wh_, [&]() -> Status {
    Value now = warehouse::NowTimestamp();
    ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::BulkWriter> w, wh_->OpenBulkWriter("ops", "ingest_sightings"));
    for (const LedgerEntry& e : seen) {
      ECOMDW_TRY(w->AppendRow({Value(bucket), Value(e.key), Value(e.version), Value(e.etag), Value(e.size),
                               Value(e.sha256), TimestampOrNull(e.last_modified_unix), Value(batch_id), now}));
    }
    ECOMDW_TRY(w->Close());
    // The claims of these keys in this batch: one statement for all of them
    // (claims resolved by an earlier call are gone already).
    ECOMDW_ASSIGN_OR_RETURN(int64_t dropped, wh_->ExecuteParams(R"(DELETE FROM "ops"."ingest_ledger" AS l
WHERE l.bucket = $1 AND l.batch_id = $2 AND l.state = $3 AND EXISTS (
  SELECT 1 FROM "ops"."ingest_sightings" AS s
  WHERE s.bucket = l.bucket AND s.object_key = l.object_key AND s.batch_id = l.batch_id))",
                                                                 {Value(bucket), Value(batch_id),
                                                                  Value(std::string(kStateFetching))}));
    if (dropped != static_cast<int64_t>(seen.size())) {
      return Status::Internal("{} objects held their landed bytes, but {} claims of batch {} were dropped",
                              seen.size(), dropped, batch_id);
    }
    return Status::OK();
  });
  return st.ok() ? st : st.WithContext("recording same-content objects in ops.ingest_sightings");
}

Result<int64_t> Ledger::RecordRefusals(const std::string& bucket, const std::vector<Refusal>& refused) {
  if (refused.empty()) return int64_t{0};
  std::set<std::tuple<std::string, std::string, std::string>> known;
  Status st = wh_->QueryEach(R"(SELECT object_key, reason, etag FROM "ops"."ingest_refusals" WHERE bucket = $1)",
                             {Value(bucket)}, [&](const warehouse::Row& row) -> Status {
                               known.emplace(AsString(row[0]), AsString(row[1]), AsString(row[2]));
                               return Status::OK();
                             });
  if (!st.ok()) return st.WithContext("reading ops.ingest_refusals");
  int64_t added = 0;
  st = InTransaction(wh_, [&]() -> Status {
    Value now = warehouse::NowTimestamp();
    ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::BulkWriter> w, wh_->OpenBulkWriter("ops", "ingest_refusals"));
    for (const Refusal& r : refused) {
      if (!known.emplace(r.key, r.reason, r.etag).second) continue;
      ECOMDW_TRY(w->AppendRow({Value(bucket), Value(r.key), Value(r.reason), Value(r.etag), Value(r.size), now}));
      ++added;
    }
    return w->Close();
  });
  if (!st.ok()) return st.WithContext("recording refused keys in ops.ingest_refusals");
  return added;
}

Status Ledger::FinishBatch(const std::string& batch_id, const std::string& state, int64_t objects, int64_t bytes,
                           const std::string& error) {
  auto n = wh_->ExecuteParams(R"(UPDATE "ops"."ingest_batches"
SET state = $1, objects_landed = $2, bytes_landed = $3, finished_at = $4, error = $5 WHERE batch_id = $6)",
                              {Value(state), Value(objects), Value(bytes), Value(warehouse::NowTimestamp()),
                               error.empty() ? Value() : Value(error), Value(batch_id)});
  return n.ok() ? Status::OK() : n.status().WithContext("closing batch in ops.ingest_batches");
}

}  // namespace ecomdw::ingest
