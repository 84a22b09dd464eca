#include "query_output/plan.h"

#include <cctype>
#include <charconv>

namespace ecomdw::query_output {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// DECIMAL(w,s) with w <= 18 fits the interface's Decimal exactly.
bool NarrowDecimal(std::string_view type) {
  if (!StartsWith(type, "DECIMAL(")) return false;
  int width = 0;
  auto [end, ec] = std::from_chars(type.data() + 8, type.data() + type.size(), width);
  return ec == std::errc() && width <= 18;
}

// The statement without trailing blanks and semicolons, so it can stand in
// a subquery; a newline before the closing parenthesis ends a line comment.
std::string AsSubquery(std::string_view sql) {
  size_t end = sql.size();
  while (end > 0 && (std::isspace(static_cast<unsigned char>(sql[end - 1])) || sql[end - 1] == ';')) --end;
  return "(" + std::string(sql.substr(0, end)) + "\n)";
}

}  // namespace

JsonKind ClassifyType(std::string_view t, bool* as_text) {
  *as_text = false;
  for (std::string_view native : {"BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT",
                                  "UINTEGER", "DOUBLE", "VARCHAR", "DATE", "TIMESTAMP", "TIMESTAMP_S",
                                  "TIMESTAMP_MS"}) {
    if (t == native) return JsonKind::kNative;
  }
  if (NarrowDecimal(t)) return JsonKind::kNative;
  *as_text = true;
  if (t == "HUGEINT" || t == "UHUGEINT" || t == "UBIGINT" || t == "FLOAT" || t == "BIGNUM" || t == "VARINT" ||
      StartsWith(t, "DECIMAL(")) {
    return JsonKind::kNumber;
  }
  if (t == "JSON" || t.ends_with("]") || StartsWith(t, "STRUCT(") || StartsWith(t, "MAP(") ||
      StartsWith(t, "UNION(")) {
    return JsonKind::kJson;
  }
  return JsonKind::kString;  // UUID, INTERVAL, TIME, TIMETZ, TIMESTAMP WITH TIME ZONE, TIMESTAMP_NS, BLOB, BIT, ENUM
}

Result<Plan> PlanQuery(warehouse::Warehouse& wh, std::string_view sql, Format format) {
  Plan plan{.sql = std::string(sql), .columns = {}};
  if (wh.dialect() != "duckdb") return plan;
  // DESCRIBE takes any query; SHOW/DESCRIBE/SUMMARIZE themselves only as a
  // FROM (their column names never repeat).
  Result<warehouse::QueryResult> described = wh.Query("DESCRIBE " + std::string(sql));
  if (!described.ok()) {
    Result<warehouse::QueryResult> wrapped = wh.Query("DESCRIBE FROM " + AsSubquery(sql));
    if (!wrapped.ok()) return described.status();  // the statement's own error
    described = std::move(wrapped);
  }
  bool json = format == Format::kJson || format == Format::kJsonl;
  bool any_text = false;
  std::string select;
  for (size_t i = 0; i < described->rows.size(); ++i) {
    const auto& row = described->rows[i];
    Column c{.name = warehouse::ValueToString(row[0]), .type = warehouse::ValueToString(row[1])};
    bool as_text = false;
    c.json = ClassifyType(c.type, &as_text);
    any_text = any_text || as_text;
    std::string ref = "#" + std::to_string(i + 1);
    std::string expr = !as_text                                   ? ref
                       : (json && c.json == JsonKind::kJson && c.type != "JSON") ? "CAST(to_json(" + ref + ") AS VARCHAR)"
                                                                  : "CAST(" + ref + " AS VARCHAR)";
    select += (i ? ", " : "") + expr;  // unaliased: the names written are plan.columns'

    plan.columns.push_back(std::move(c));
  }
  if (any_text) plan.sql = "SELECT " + select + " FROM " + AsSubquery(sql) + " AS q";
  return plan;
}

}  // namespace ecomdw::query_output
