// The SQL that turns numbered raw lines into records: one builder per
// format produces, for one group of objects that share a layout,
//   object_key, dt, line, elem, raw, t_<column>…   (text values, NULL when
//   absent or empty; elem numbers the elements of an exploded array, else 0)
// for the well-formed records, and the malformed ones separately. Typing,
// required fields and rules are applied afterwards (classify_sql.h), the
// same way for every format.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "staging/contract.h"

namespace ecomdw::staging {

// Objects of one source that share a layout (a CSV header, a Parquet schema).
struct ObjectGroup {
  int id = 0;
  std::vector<std::string> fields;  // the object's own field names, in order (CSV/Parquet)
  // contract column -> the object's field that feeds it; absent = NULL.
  std::map<std::string, std::string> source_field;
};

// True for a line holding one JSON object. DuckDB's json_type raises on
// invalid JSON and AND does not short-circuit, hence the CASE.
inline constexpr const char* kIsJsonObject =
    "CASE WHEN json_valid(raw) THEN json_type(raw) = 'OBJECT' ELSE false END";

// The CSV field splitter (RFC 4180, one record per line) as a DuckDB regex.
inline constexpr const char* kCsvFieldRegex = R"re(("(?:[^"]|"")*"|[^,"]*),)re";

// Well-formed records of `group`, reading staging_work.raw_lines joined
// with staging_work.objects (grp = group.id).
Result<std::string> WellFormedSql(const EffectiveContract& contract, const ObjectGroup& group);

// object_key, dt, line, raw, message for the records of `group` that do
// not parse (JSON that is not an object, CSV rows with the wrong number of
// fields or broken quoting).
Result<std::string> MalformedSql(const EffectiveContract& contract, const ObjectGroup& group);

// Parquet: well-formed records straight from the files of `group`.
Result<std::string> ParquetRecordsSql(const EffectiveContract& contract, const ObjectGroup& group,
                                      const std::vector<std::string>& local_paths);

}  // namespace ecomdw::staging
