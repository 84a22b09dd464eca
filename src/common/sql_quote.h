// The one place where identifiers and literals are quoted for SQL text.
//
// User values are bound as parameters, never spliced into SQL. Identifiers
// (schema, table, column names from config or model files) cannot be bound,
// so they are validated and quoted here.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace ecomdw {

// A safe identifier: 1..63 characters of [A-Za-z0-9_], not starting with a
// digit. Everything ecomdw creates is named this way, so the names stay valid
// unquoted on DuckDB, PostgreSQL and Redshift alike.
bool IsSafeIdentifier(std::string_view name);

// Double-quotes `name` for use as an identifier. Returns InvalidArgument
// naming `what` (e.g. "column in ecomdw.toml:12") when it is not safe.
Result<std::string> QuoteIdentifier(std::string_view name, std::string_view what = "identifier");

// "schema"."table"; both parts must be safe identifiers.
Result<std::string> QuoteQualified(std::string_view schema, std::string_view table);

// A single-quoted string literal with embedded quotes doubled. For text that
// ecomdw itself controls (file paths in COPY/read_* calls, which DuckDB
// cannot take as parameters in every position). REQUIRES: no NUL bytes.
std::string QuoteLiteral(std::string_view value);

}  // namespace ecomdw
