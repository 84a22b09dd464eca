// `ecomdw query` is read-only by construction, not by convention: the
// published file is opened read-only, and before anything runs the engine's
// own parser must see exactly one SELECT (DuckDB: json_serialize_sql, which
// serializes SELECT statements only, so DESCRIBE/SHOW/SUMMARIZE/FROM-first
// pass). COPY … TO, ATTACH, SET/RESET, PRAGMA, INSTALL/LOAD, EXPORT, CALL,
// CREATE/INSERT/UPDATE/DELETE and any second statement are refused.
// PostgreSQL targets: SELECT/WITH/VALUES/TABLE only, in READ ONLY transactions.
#pragma once

#include <string_view>

#include "common/status.h"
#include "warehouse/warehouse.h"

namespace ecomdw::query_output {

// InvalidArgument naming what was refused; OK for one SELECT.
Status CheckReadOnly(warehouse::Warehouse& wh, std::string_view sql);

}  // namespace ecomdw::query_output
