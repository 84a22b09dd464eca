// Query results as JSON for the report's payload. Exact by construction:
// DECIMALs travel as strings ("1234.50"), integers and doubles as numbers,
// dates as "YYYY-MM-DD", timestamps as "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC).
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "warehouse/value.h"

namespace ecomdw::report {

// InvalidArgument for a BLOB (no report query selects one) naming `column`.
Result<nlohmann::ordered_json> ValueToJson(const warehouse::Value& v, const std::string& column);

// Rows as objects keyed by column name, columns in result order.
// InvalidArgument when two columns share a name (the object would lose one).
Result<nlohmann::ordered_json> RowsToJson(const warehouse::QueryResult& r);

}  // namespace ecomdw::report
