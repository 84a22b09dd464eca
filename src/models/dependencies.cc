#include "models/dependencies.h"

#include <nlohmann/json.hpp>

#include <set>

#include "warehouse/duckdb/duckdb_parser.h"

namespace ecomdw::models {
namespace {

void CollectBaseTables(const nlohmann::json& node, std::set<std::string>* out) {
  if (node.is_object()) {
    auto type = node.find("type");
    if (type != node.end() && type->is_string() && *type == "BASE_TABLE") {
      auto schema = node.find("schema_name");
      auto table = node.find("table_name");
      if (schema != node.end() && table != node.end() && schema->is_string() && table->is_string() &&
          !schema->get<std::string>().empty()) {
        out->insert(schema->get<std::string>() + "." + table->get<std::string>());
      }
    }
    for (const auto& [key, child] : node.items()) CollectBaseTables(child, out);
  } else if (node.is_array()) {
    for (const auto& child : node) CollectBaseTables(child, out);
  }
}

}  // namespace

Result<std::vector<std::string>> TablesReadBy(warehouse::Warehouse& parser, const std::string& sql) {
  ECOMDW_ASSIGN_OR_RETURN(std::string text, warehouse::DuckDbParseTree(parser, sql));
  nlohmann::json tree = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (tree.is_discarded()) return Status::Internal("DuckDB's parse tree is not valid JSON");
  if (tree.value("error", false)) {
    return Status::InvalidArgument("SQL does not parse: {}", tree.value("error_message", std::string("unknown")));
  }
  std::set<std::string> tables;
  CollectBaseTables(tree, &tables);
  return std::vector<std::string>(tables.begin(), tables.end());
}

}  // namespace ecomdw::models
