// The grammar of column types a source contract may declare.
//
// Config values never reach SQL as free text: a contract's column type is
// parsed here at config load into an SqlType, and only SqlType::ToSql()
// (a canonical spelling this file produces) is ever written into a
// statement. Anything outside the grammar is refused with a message that
// lists what is allowed.
//
//   type := VARCHAR | TEXT | BOOLEAN | BOOL | SMALLINT | INTEGER | INT | BIGINT
//         | DOUBLE | FLOAT8 | REAL | DATE | TIMESTAMP | TIMESTAMPTZ
//         | DECIMAL [ "(" precision [ "," scale ] ")" ] | NUMERIC [ … ]
//   1 <= precision <= 38, 0 <= scale <= precision; DECIMAL alone is (18,3)
//   as in DuckDB. Keywords are case-insensitive, blanks around tokens allowed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ecomdw {

struct SqlType {
  enum class Kind { kVarchar, kBoolean, kSmallint, kInteger, kBigint, kDouble, kDate, kTimestamp, kTimestampTz, kDecimal };
  Kind kind = Kind::kVarchar;
  int precision = 0;  // kDecimal only
  int scale = 0;      // kDecimal only

  // Canonical SQL spelling, valid on DuckDB and PostgreSQL: "VARCHAR",
  // "DECIMAL(12,2)", "TIMESTAMP", …
  std::string ToSql() const;
  bool operator==(const SqlType&) const = default;
};

// Parses `text` against the grammar above. InvalidArgument naming the text
// and the allowed types otherwise (the caller adds file:line:key).
Result<SqlType> ParseSqlType(std::string_view text);

}  // namespace ecomdw
