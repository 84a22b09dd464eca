// EngineAdapter: the typed calls ecomdw makes of an engine, after SQLMesh's
// engine_adapter/base.py. Everything whose SQL differs between DuckDB and
// PostgreSQL is a call here (or a dialect macro, sql_macros.h); callers above
// warehouse/ write only the portable subset (docs/models.md) and hand the
// engine-specific parts to the adapter.
//
// Contract:
//  - An adapter wraps one Warehouse session (not owned) and adds no state of
//    its own but an optional statement log; it is as cheap to make as a
//    pointer. Transactions stay the session's: the calls below run inside
//    whatever Begin() the caller opened, and never commit on their own except
//    SwapSchemas, which is atomic by itself.
//  - Identifiers are safe identifiers (common/sql_quote.h), quoted by the
//    adapter; values are bound. `select_sql` is a caller's SELECT, macros
//    already expanded (ExpandMacros).
//  - Catalog calls see base tables of the session's current database only
//    (no views, no temporary tables, no other attached catalogs).
//  - Checkpoint is a no-op where the engine has no such thing (PostgreSQL).
//    SwapSchemas is InvalidArgument where the engine cannot rename schemas
//    (DuckDB; its file targets publish by generations instead).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "warehouse/sql_macros.h"
#include "warehouse/warehouse.h"

namespace ecomdw::warehouse {

struct ColumnInfo {
  std::string name;
  std::string type;  // as information_schema.columns.data_type spells it
};

// A table's content, order-independently: its row count and a hash over
// every row (the sum of a per-row hash, so row order and storage layout do
// not count). Two fingerprints compare equal only when made by the same
// FingerprintMethod(): each engine hashes rows its own way, and an engine
// may change its hash between versions.
struct TableFingerprint {
  int64_t rows = 0;
  std::string hash;  // decimal text
};

struct DatabaseSize {
  int64_t bytes = 0;         // on disk, as the engine reports it
  // DuckDB's block accounting (0 elsewhere): blocks in the file, free ones,
  // and blocks that persistent table data is in.
  int64_t total_blocks = 0;
  int64_t free_blocks = 0;
  int64_t live_blocks = 0;
  std::string catalog;       // the engine's name for the database
};

class EngineAdapter {
 public:
  explicit EngineAdapter(Warehouse& wh) : wh_(wh) {}
  virtual ~EngineAdapter() = default;
  EngineAdapter(const EngineAdapter&) = delete;
  EngineAdapter& operator=(const EngineAdapter&) = delete;

  Warehouse& wh() const { return wh_; }
  virtual const SqlDialect& dialect() const = 0;

  // Every statement the calls below run is appended to `log` (for
  // ops.query_history) until it is reset with nullptr.
  void LogStatementsTo(std::vector<std::string>* log) { log_ = log; }

  // `sql` with its macros expanded for this engine (see sql_macros.h).
  Result<std::string> ExpandMacros(std::string_view sql, std::string_view file) const {
    return warehouse::ExpandMacros(sql, file, dialect());
  }

  // ---- catalog (information_schema; portable defaults) -----------------
  virtual Result<bool> TableExists(std::string_view schema, std::string_view table);
  // Base tables of `schema`, sorted by name.
  virtual Result<std::vector<std::string>> ListTables(std::string_view schema);
  // The schemas that hold at least one base table (the engine's own
  // catalogs left out), sorted by name.
  virtual Result<std::vector<std::string>> ListSchemas();
  // Columns of schema.table in table order; empty when there is no table.
  virtual Result<std::vector<ColumnInfo>> Columns(std::string_view schema, std::string_view table);
  Result<int64_t> CountRows(std::string_view schema, std::string_view table);
  Status CreateSchema(std::string_view schema);  // if missing
  Status DropSchema(std::string_view schema);    // if present, with everything in it

  // ---- writes ----------------------------------------------------------
  // schema.table := the rows of select_sql (created, or replaced whole).
  virtual Status ReplaceTableAs(std::string_view schema, std::string_view table, const std::string& select_sql) = 0;
  virtual Status ReplaceViewAs(std::string_view schema, std::string_view view, const std::string& select_sql) = 0;
  // The rows of select_sql replace every stored row whose `keys` equal one of
  // theirs (delete + insert; columns matched by name). Returns rows inserted.
  // REQUIRES: schema.table exists with every column select_sql returns.
  virtual Result<int64_t> DeleteInsertByKey(std::string_view schema, std::string_view table,
                                            const std::vector<std::string>& keys, const std::string& select_sql) = 0;
  // Appends the rows of select_sql, columns matched by name (the SELECT may
  // list them in any order and leave some out: those get NULL). Returns rows.
  Result<int64_t> InsertSelectByName(std::string_view schema, std::string_view table, const std::string& select_sql);
  // Appends every row of `from` into `to`, by column name (columns of `to`
  // that `from` lacks get NULL). Returns rows copied.
  Result<int64_t> CopyRows(std::string_view from_schema, std::string_view from_table, std::string_view to_schema,
                           std::string_view to_table);
  // Exchanges the names of schemas a and b in one transaction (readers see
  // either before or after). b may be missing: a is then renamed to b.
  virtual Status SwapSchemas(std::string_view a, std::string_view b) = 0;

  // ---- content ---------------------------------------------------------
  // schema.table's fingerprint, in one scan (a missing table: the engine's
  // error, naming it).
  virtual Result<TableFingerprint> FingerprintTable(std::string_view schema, std::string_view table) = 0;
  // Names the row hash and the engine version fingerprints are made with,
  // e.g. "duckdb v1.1.3 sum(hash(row))".
  virtual Result<std::string> FingerprintMethod() = 0;

  // ---- storage ---------------------------------------------------------
  virtual Status Checkpoint() = 0;
  virtual Result<DatabaseSize> Size() = 0;

 protected:
  Status Run(const std::string& sql);  // logs, then executes
  Result<int64_t> RunCounted(const std::string& sql, const std::vector<Value>& params = {});

 private:
  Warehouse& wh_;
  std::vector<std::string>* log_ = nullptr;
};

// The adapter for `wh`'s engine (by wh.dialect()); InvalidArgument for an
// engine ecomdw has no adapter for.
Result<std::unique_ptr<EngineAdapter>> AdapterFor(Warehouse& wh);

// The macro dialect of an engine by name ("duckdb", "postgres").
Result<const SqlDialect*> DialectNamed(std::string_view name);

}  // namespace ecomdw::warehouse
