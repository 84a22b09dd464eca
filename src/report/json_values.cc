#include "report/json_values.h"

#include <cmath>
#include <set>

namespace ecomdw::report {

Result<nlohmann::ordered_json> ValueToJson(const warehouse::Value& v, const std::string& column) {
  if (warehouse::IsNull(v)) return nlohmann::ordered_json(nullptr);
  if (const auto* b = std::get_if<bool>(&v)) return nlohmann::ordered_json(*b);
  if (const auto* i = std::get_if<int64_t>(&v)) return nlohmann::ordered_json(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    return std::isfinite(*d) ? nlohmann::ordered_json(*d) : nlohmann::ordered_json(nullptr);
  }
  if (const auto* s = std::get_if<std::string>(&v)) return nlohmann::ordered_json(*s);
  if (std::holds_alternative<warehouse::Blob>(v)) {
    return Status::InvalidArgument("report: column {} is a BLOB, which the report cannot show", column);
  }
  return nlohmann::ordered_json(warehouse::ValueToString(v));  // Date, Timestamp, Decimal
}

Result<nlohmann::ordered_json> RowsToJson(const warehouse::QueryResult& r) {
  std::set<std::string> seen;
  for (const std::string& c : r.column_names) {
    if (!seen.insert(c).second) return Status::InvalidArgument("report: query has two columns named {}", c);
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const warehouse::Row& row : r.rows) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (size_t c = 0; c < row.size(); ++c) {
      ECOMDW_ASSIGN_OR_RETURN(obj[r.column_names[c]], ValueToJson(row[c], r.column_names[c]));
    }
    rows.push_back(std::move(obj));
  }
  return rows;
}

}  // namespace ecomdw::report
