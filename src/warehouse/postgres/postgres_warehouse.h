// The PostgreSQL implementation of Warehouse, over libpq (Debian's libpq-dev,
// PostgreSQL 15).
//
// Values travel in PostgreSQL's text format (pg_text.h): parameters with
// explicit type OIDs, results read by their column's type; bulk loads go
// through COPY … FROM STDIN (pg_copy.h); errors carry SQLSTATE, message,
// detail, hint and statement (pg_error.h, which also maps SQLSTATE classes
// to Status codes). Each session runs with TimeZone = UTC, DateStyle = ISO,
// so timestamps are UTC wall times as everywhere in ecomdw.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "warehouse/warehouse.h"

namespace ecomdw::warehouse::postgres {

// From the target in ecomdw.toml; empty (or port 0) = libpq's default or
// its PG* environment variable.
struct ConnectionSettings {
  std::string host;
  int64_t port = 0;
  std::string dbname;
  std::string user;
  std::string application_name = "ecomdw";
};

// Connects with libpq (PQconnectdbParams, expand_dbname so a URI works).
// Precedence: a URI in $ECOMDW_POSTGRES_URL when set, else the settings, and
// libpq's PG* variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE,
// PGSERVICE…) for whatever is empty. Passwords are never logged and never
// read from ecomdw.toml. Error: Unavailable, naming host:port/dbname (no
// password).
Result<std::unique_ptr<Warehouse>> Connect(const ConnectionSettings& settings);

}  // namespace ecomdw::warehouse::postgres
