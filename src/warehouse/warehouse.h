// Warehouse: the one interface between ecomdw and a SQL engine.
//
// Callers (ingest, staging, models, quality, publish, serve) speak to this
// interface only; engine handles never leave warehouse/<engine>/. One
// Warehouse object is one session (connection) and is not thread safe, except
// Interrupt(), which may be called from any thread. NewSession() opens another
// session on the same database for parallel work.
//
// SQL text is the caller's; values are always bound as parameters ($1, $2 …
// on every engine), identifiers quoted with common/sql_quote.h. Every error
// carries the engine's message and the statement that failed.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "warehouse/column_values.h"
#include "warehouse/value.h"

namespace ecomdw::warehouse {

// Receives result rows one at a time. Returning a non-OK Status stops the
// read and is returned from QueryEach unchanged.
using RowCallback = std::function<Status(const Row& row)>;

// Bulk loader for one table: rows are buffered and flushed by the engine's
// fastest path (DuckDB's Appender, PostgreSQL's COPY). Rows become visible to
// the session at Close() (or earlier flushes) under the session's current
// transaction. Destroying an unclosed writer discards what was not flushed.
class BulkWriter {
 public:
  virtual ~BulkWriter() = default;
  // REQUIRES: row.size() equals the table's column count, in table order.
  virtual Status AppendRow(const Row& row) = 0;
  // Appends rows [0, rows) given column by column; the fast path for large
  // typed loads. REQUIRES: columns.size() equals the table's column count, in
  // table order, each of at least `rows` values, each holding values its
  // table column can take (an integer column's range, a DECIMAL column's
  // scale). The default appends row by row through AppendRow().
  virtual Status AppendColumns(const std::vector<const ColumnValues*>& columns, size_t rows) {
    Row row(columns.size());
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < columns.size(); ++c) row[c] = columns[c]->ValueAt(r);
      ECOMDW_TRY(AppendRow(row));
    }
    return Status::OK();
  }
  // Flushes and finishes; the writer is unusable afterwards.
  virtual Status Close() = 0;
};

class Warehouse {
 public:
  virtual ~Warehouse() = default;

  // "duckdb", "postgres".
  virtual std::string_view dialect() const = 0;

  // Runs one or more `;`-separated statements without parameters.
  virtual Status Execute(std::string_view sql) = 0;

  // Runs one statement with bound parameters; returns rows changed where the
  // engine reports it (else 0).
  virtual Result<int64_t> ExecuteParams(std::string_view sql, const std::vector<Value>& params) = 0;

  // Runs one statement and materializes its result.
  virtual Result<QueryResult> Query(std::string_view sql, const std::vector<Value>& params = {}) = 0;

  // Runs one statement and streams its rows, chunk by chunk, to `on_row`
  // without holding the whole result in memory.
  virtual Status QueryEach(std::string_view sql, const std::vector<Value>& params,
                           const RowCallback& on_row) = 0;

  // Opens a bulk writer on schema.table (both safe identifiers).
  virtual Result<std::unique_ptr<BulkWriter>> OpenBulkWriter(std::string_view schema,
                                                             std::string_view table) = 0;

  // Explicit transactions. Without Begin(), each statement autocommits.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // Aborts the statement currently running in this session, if any. Thread
  // safe; the running call returns a Status naming the interruption.
  virtual void Interrupt() = 0;

  // Each statement after this is interrupted once it runs longer than
  // `limit`; zero disables the limit. The workgroup's query time limit maps
  // onto this.
  virtual void SetStatementTimeout(std::chrono::milliseconds limit) = 0;

  // Another session on the same database, for work in parallel.
  virtual Result<std::unique_ptr<Warehouse>> NewSession() = 0;
};

}  // namespace ecomdw::warehouse
