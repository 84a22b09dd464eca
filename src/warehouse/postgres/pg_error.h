// PostgreSQL failures as ecomdw Status values.
//
// The message carries the SQLSTATE, the server's primary message, its detail
// and hint, and the failing statement (truncated; with the text around the
// server's error position when that lies beyond the excerpt). Passwords never
// appear: the statement is the caller's SQL and connection names come from
// libpq's PQhost/PQport/PQdb.
//
// SQLSTATE → StatusCode, where the rest of ecomdw cares:
//   57014 query_canceled   statement timeout → Unavailable ("exceeded the query
//                          time limit", as DuckDB's); Interrupt() → IOError
//                          ("interrupted", as DuckDB's)
//   23xxx                  Conflict (a row conflicts with a constraint)
//   42P01 3F000 42704      NotFound (undefined table, schema, object)
//   08xxx 57P01-57P03 53300 and a lost connection   Unavailable (retry may work)
//   40001 40P01 55P03      Conflict (serialization failure, deadlock, lock)
//   anything else          IOError, as DuckDB's errors are
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <libpq-fe.h>

#include "common/status.h"

namespace ecomdw::warehouse::pg_internal {

// The first ~400 characters of a statement, "…" when cut.
std::string Excerpt(std::string_view sql);

// The Status for a failed `result` of `sql` on `conn` (result may be null:
// then the connection's error message is used). `timeout` is the session's
// statement time limit, named in the timeout message.
Status ResultError(PGconn* conn, const PGresult* result, std::string_view sql, std::chrono::milliseconds timeout);

// The StatusCode for a SQLSTATE (empty: no server error, e.g. a lost connection).
StatusCode CodeForSqlState(std::string_view sqlstate, std::string_view primary_message);

}  // namespace ecomdw::warehouse::pg_internal
