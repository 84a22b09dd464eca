// Output formats of `ecomdw query`, and how each column of a result is
// written in them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecomdw::query_output {

enum class Format { kText, kCsv, kJson, kJsonl, kMarkdown };

// "text", "csv", "json", "jsonl", "markdown"; nullopt for anything else.
std::optional<Format> ParseFormat(std::string_view name);
inline constexpr const char* kFormatNames = "text|csv|json|jsonl|markdown";

// How a column's values are written in JSON. Text formats print every value
// as the engine's text, whatever its kind.
enum class JsonKind {
  kNative,  // from the Value: numbers, booleans, strings (dates, timestamps as text)
  kNumber,  // engine text written bare: HUGEINT, UBIGINT, DECIMAL(>18) digits
  kString,  // engine text as a JSON string: UUID, INTERVAL, TIME, TIMESTAMPTZ, BLOB, ENUM ...
  kJson,    // engine's own JSON text written bare: LIST, ARRAY, STRUCT, MAP, UNION, JSON
};

struct Column {
  std::string name;  // as the statement names it; duplicates kept
  std::string type;  // the engine's type name ("" when unknown)
  JsonKind json = JsonKind::kNative;
};

}  // namespace ecomdw::query_output
