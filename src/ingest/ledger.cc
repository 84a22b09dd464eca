#include "ingest/ledger.h"

#include <chrono>

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
);)",
                                  ops, ledger, batches));
}

Result<std::unordered_map<std::string, LedgerEntry>> Ledger::LatestVersions(const std::string& bucket) {
  std::unordered_map<std::string, LedgerEntry> out;
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
        out.emplace(std::move(key), std::move(e));
        return Status::OK();
      });
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
    Value now = warehouse::NowTimestamp();
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
  Status st = InTransaction(wh_, [&]() -> Status {
    Value now = warehouse::NowTimestamp();
    for (const LedgerEntry& e : landed) {
      ECOMDW_ASSIGN_OR_RETURN(
          int64_t n,
          wh_->ExecuteParams(R"(UPDATE "ops"."ingest_ledger"
SET state = $1, sha256 = $2, landed_path = $3, etag = $4, size = $5, landed_at = $6
WHERE bucket = $7 AND object_key = $8 AND version = $9 AND state = $10)",
                             {Value(std::string(kStateLanded)), Value(e.sha256), Value(e.landed_path), Value(e.etag),
                              Value(e.size), now, Value(bucket), Value(e.key), Value(e.version),
                              Value(std::string(kStateFetching))}));
      if (n != 1) {
        return Status::Internal("ledger row {} version {} was not 'fetching' when it landed ({} rows matched)", e.key,
                                e.version, n);
      }
    }
    return Status::OK();
  });
  return st.ok() ? st : st.WithContext("marking objects landed in ops.ingest_ledger");
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
