// Turning a check's failing rows into the JSON sample kept in
// ops.check_results. Internal to src/quality; the table itself is declared in
// checks.h (EnsureCheckResultsTable, RecordCheckResults).
#pragma once

#include <string>

#include "quality/checks.h"
#include "warehouse/value.h"

namespace ecomdw::quality {

// A JSON array with one object per row ({"column": value, ...}): NULL as
// null, booleans, integers and doubles as JSON values, everything else
// (text, dates, timestamps, exact decimals) as strings. Never throws: invalid
// UTF-8 is replaced.
std::string SampleToJson(const warehouse::QueryResult& rows);

}  // namespace ecomdw::quality
