#include "query_output/format.h"

namespace ecomdw::query_output {

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "csv") return Format::kCsv;
  if (name == "json") return Format::kJson;
  if (name == "jsonl") return Format::kJsonl;
  if (name == "markdown") return Format::kMarkdown;
  return std::nullopt;
}

}  // namespace ecomdw::query_output
