// Typed values of check files beyond what config::TableReader offers:
// numbers (integer, or a decimal written as a string), column lists and
// schema-qualified table names, each validated and ready for SQL text.
// Internal to src/quality.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/toml_reader.h"

namespace ecomdw::quality::internal {

// A number from a check file, with the SQL literal it becomes.
struct Number {
  double value = 0;
  std::string sql;  // "5", "0.05": digits, sign, point and exponent only
};

// `key` as an integer (`max_z = 4`) or a decimal string (`max_z = "3.5"`).
// Absent: nullopt, or InvalidArgument when `required`. Anything else:
// InvalidArgument "FILE:LINE: key \"k\": expected a number ...".
Result<std::optional<Number>> ReadNumber(config::TableReader& r, const std::string& key, bool required = false);

// A non-negative integer; absent leaves `*out` unchanged.
Status ReadCount(config::TableReader& r, const std::string& key, int64_t* out);

// `column = "a"` or `columns = ["a", "b"]` (exactly one of them, at least one
// column), each a safe identifier. Returns the quoted names; `*plain` gets
// the names as written.
Result<std::vector<std::string>> ReadColumns(config::TableReader& r, std::vector<std::string>* plain);

// One required safe identifier under `key`, quoted.
Result<std::string> ReadColumn(config::TableReader& r, const std::string& key, std::string* plain = nullptr);

// "schema.table" under `key`, quoted as "schema"."table".
Result<std::string> ReadQualifiedTable(config::TableReader& r, const std::string& key, bool required = true);

// A non-empty SQL fragment (expression or query) under `key`.
Result<std::string> ReadSql(config::TableReader& r, const std::string& key, bool required);

// One of `allowed` under `key`; absent gives `fallback`.
Result<std::string> ReadChoice(config::TableReader& r, const std::string& key, const std::vector<std::string>& allowed,
                               const std::string& fallback);

}  // namespace ecomdw::quality::internal
