// Bulk loads into PostgreSQL through `COPY schema.table FROM STDIN` in text
// format.
//
// CopyEncoder writes rows as COPY text lines: fields separated by a tab, rows
// ended by a newline, NULL as \N, and within a field backslash, tab, newline
// and carriage return escaped (\\ \t \n \r); every other byte, UTF-8
// included, goes as it is. Values use pg_text.h's text forms, so the server
// reads them with the target column's input function.
//
// The writer buffers encoded rows and sends them as one COPY statement per
// flush (every ~4 MiB, and at Close()), so between flushes the session stays
// free for other statements, as DuckDB's appender leaves it. Rows are
// visible to the session after each flush, inside its current transaction;
// a writer destroyed unclosed drops what it has not flushed.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>

#include "common/status.h"
#include "warehouse/warehouse.h"

namespace ecomdw::warehouse::pg_internal {

class CopyEncoder {
 public:
  void AppendRow(const Row& row);
  // Rows [from, to) of `columns`, without building Values.
  void AppendColumns(const std::vector<const ColumnValues*>& columns, size_t from, size_t to);
  const std::string& data() const { return data_; }
  size_t rows() const { return rows_; }
  void Clear() {
    data_.clear();
    rows_ = 0;
  }

 private:
  void AppendEscaped(std::string_view text);
  std::string data_;
  std::string scratch_;
  size_t rows_ = 0;
};

// What a writer needs of its session. The session outlives its writers.
struct CopyTarget {
  PGconn* conn = nullptr;
  const std::chrono::milliseconds* timeout = nullptr;  // the session's, for messages
};

// Runs `copy_sql` (a COPY … FROM STDIN) and sends `data` as its rows.
Status CopyIn(const CopyTarget& target, const std::string& copy_sql, std::string_view data);

// A BulkWriter on `qualified` ("schema"."table", already quoted).
std::unique_ptr<BulkWriter> MakeCopyWriter(CopyTarget target, std::string qualified);

}  // namespace ecomdw::warehouse::pg_internal
