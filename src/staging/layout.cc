#include "staging/layout.h"

#include <nlohmann/json.hpp>

#include "common/sql_quote.h"
#include "staging/record_sql.h"

namespace ecomdw::staging {
namespace {

Result<std::vector<std::string>> JsonStringList(const warehouse::Value& v) {
  const auto* text = std::get_if<std::string>(&v);
  if (!text) return std::vector<std::string>{};
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return Status::Internal("layout: expected a JSON list, got {}", *text);
  std::vector<std::string> out;
  for (const auto& item : j) out.push_back(item.is_string() ? item.get<std::string>() : item.dump());
  return out;
}

}  // namespace

Result<std::vector<ObjectLayout>> ReadLayouts(warehouse::Warehouse& wh, const config::Source& s) {
  std::vector<ObjectLayout> layouts;
  if (s.format == "csv") {
    ECOMDW_ASSIGN_OR_RETURN(
        warehouse::QueryResult r,
        wh.Query("SELECT object_key, CAST(to_json(list_transform(regexp_extract_all(raw || ',', $1, 1), "
                 "x -> CASE WHEN x LIKE '\"%' THEN replace(substr(x, 2, length(x) - 2), '\"\"', '\"') ELSE x END)) "
                 "AS VARCHAR) FROM staging_work.raw_lines WHERE line = 1 ORDER BY object_key",
                 {std::string(kCsvFieldRegex)}));
    for (const auto& row : r.rows) {
      ObjectLayout l{.object_key = std::get<std::string>(row[0])};
      ECOMDW_ASSIGN_OR_RETURN(l.fields, JsonStringList(row[1]));
      layouts.push_back(std::move(l));
    }
  } else if (s.format == "jsonl" || s.format == "json") {
    ECOMDW_ASSIGN_OR_RETURN(
        warehouse::QueryResult r,
        wh.Query(std::string("WITH k AS (SELECT object_key, unnest(json_keys(raw)) AS key FROM "
                             "(SELECT * FROM staging_work.raw_lines WHERE ") + kIsJsonObject + ")) "
                 "SELECT o.object_key, CAST(to_json(list_sort(list(DISTINCT k.key) FILTER (WHERE k.key IS NOT NULL))) "
                 "AS VARCHAR), count(k.key) FROM staging_work.objects o "
                 "LEFT JOIN k USING (object_key) GROUP BY o.object_key ORDER BY o.object_key"));
    for (const auto& row : r.rows) {
      ObjectLayout l{.object_key = std::get<std::string>(row[0])};
      if (std::get<int64_t>(row[2]) == 0) {
        for (const auto& [name, type] : s.columns) l.fields.push_back(name);
        if (!s.explode.empty()) l.fields.push_back(s.explode);
      } else {
        ECOMDW_ASSIGN_OR_RETURN(l.fields, JsonStringList(row[1]));
      }
      layouts.push_back(std::move(l));
    }
  } else if (s.format == "parquet") {
    ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult objects,
                            wh.Query("SELECT object_key, local_path FROM staging_work.objects WHERE size > 0 ORDER BY object_key"));
    for (const auto& row : objects.rows) {
      ObjectLayout l{.object_key = std::get<std::string>(row[0])};
      const std::string& path = std::get<std::string>(row[1]);
      Result<warehouse::QueryResult> schema = wh.Query(
          "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(" + QuoteLiteral(path) + "))");
      if (!schema.ok()) {
        return Status::Corruption("staging: {}: not a readable Parquet file: {}", l.object_key,
                                  schema.status().message());
      }
      for (const auto& col : schema->rows) {
        l.fields.push_back(std::get<std::string>(col[0]));
        l.types.push_back(std::get<std::string>(col[1]));
      }
      layouts.push_back(std::move(l));
    }
  }
  return layouts;
}

}  // namespace ecomdw::staging
