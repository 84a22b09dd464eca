// Row-level checks over columns of one table: not_null, unique,
// relationships, accepted_values, range, expression.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/sql_quote.h"
#include "quality/check_sql.h"
#include "quality/toml_values.h"

namespace ecomdw::quality::internal {

std::string WhereClause(const CheckContext& ctx) { return ctx.where.empty() ? "" : " WHERE (" + ctx.where + ")"; }
std::string AndWhere(const CheckContext& ctx) { return ctx.where.empty() ? "" : " AND (" + ctx.where + ")"; }

namespace {

std::string JoinNames(const std::string& prefix, const std::vector<std::string>& names) {
  return fmt::format("{}_{}", prefix, fmt::join(names, "_"));
}

}  // namespace

// Rows where any of the columns is NULL.
Result<std::string> BuildNotNull(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  std::vector<std::string> plain;
  ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> cols, ReadColumns(r, &plain));
  std::vector<std::string> tests;
  for (const std::string& c : cols) tests.push_back(c + " IS NULL");
  *default_name = JoinNames("not_null", plain);
  return fmt::format("SELECT * FROM {} WHERE ({}){}", ctx.table_sql, fmt::join(tests, " OR "), AndWhere(ctx));
}

// One row per key that occurs more than once, with its count. Keys with a
// NULL part are left to not_null (SQL's UNIQUE does the same).
Result<std::string> BuildUnique(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  std::vector<std::string> plain;
  ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> cols, ReadColumns(r, &plain));
  std::vector<std::string> not_null;
  for (const std::string& c : cols) not_null.push_back(c + " IS NOT NULL");
  *default_name = JoinNames("unique", plain);
  return fmt::format("SELECT {0}, count(*) AS duplicate_rows FROM {1} WHERE {2}{3} GROUP BY {0} HAVING count(*) > 1",
                     fmt::join(cols, ", "), ctx.table_sql, fmt::join(not_null, " AND "), AndWhere(ctx));
}

// Rows whose (non-NULL) key finds no row in the referenced table.
Result<std::string> BuildRelationships(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  std::vector<std::string> plain;
  ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> cols, ReadColumns(r, &plain));
  ECOMDW_ASSIGN_OR_RETURN(std::string to, ReadQualifiedTable(r, "to"));
  std::vector<std::string> fields = plain;
  ECOMDW_TRY(r.StringArray("fields", &fields));
  if (fields.size() != cols.size()) {
    return Status::InvalidArgument("{}: key \"{}\": {} fields for {} columns", r.Where("fields"), r.Qualified("fields"),
                                   fields.size(), cols.size());
  }
  ECOMDW_ASSIGN_OR_RETURN(std::string to_where, ReadSql(r, "to_where", false));
  std::vector<std::string> match, present;
  for (size_t i = 0; i < cols.size(); ++i) {
    ECOMDW_ASSIGN_OR_RETURN(std::string f, QuoteIdentifier(fields[i], r.Where("fields") + ": key \"fields\""));
    match.push_back(fmt::format("_parent.{} = _child.{}", f, cols[i]));
    present.push_back(fmt::format("_child.{} IS NOT NULL", cols[i]));
  }
  if (!to_where.empty()) match.push_back("(" + to_where + ")");
  *default_name = JoinNames("relationships", plain);
  std::string filter = ctx.where.empty() ? "" : " AND (" + ctx.where + ")";
  return fmt::format("SELECT _child.* FROM {} AS _child WHERE {}{} AND NOT EXISTS (SELECT 1 FROM {} AS _parent WHERE {})",
                     ctx.table_sql, fmt::join(present, " AND "), filter, to, fmt::join(match, " AND "));
}

// Rows whose (non-NULL) value, as text, is not in the list.
Result<std::string> BuildAcceptedValues(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  std::string plain;
  ECOMDW_ASSIGN_OR_RETURN(std::string col, ReadColumn(r, "column", &plain));
  std::vector<std::string> values;
  ECOMDW_TRY(r.StringArray("values", &values, true));
  if (values.empty()) {
    return Status::InvalidArgument("{}: key \"{}\": needs at least one value", r.Where("values"), r.Qualified("values"));
  }
  std::vector<std::string> literals;
  for (const std::string& v : values) literals.push_back(QuoteLiteral(v));
  *default_name = "accepted_values_" + plain;
  return fmt::format("SELECT * FROM {0} WHERE {1} IS NOT NULL AND CAST({1} AS VARCHAR) NOT IN ({2}){3}", ctx.table_sql,
                     col, fmt::join(literals, ", "), AndWhere(ctx));
}

// Rows whose (non-NULL) value lies outside [min, max]; either bound optional.
Result<std::string> BuildRange(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  std::string plain;
  ECOMDW_ASSIGN_OR_RETURN(std::string col, ReadColumn(r, "column", &plain));
  ECOMDW_ASSIGN_OR_RETURN(std::optional<Number> lo, ReadNumber(r, "min"));
  ECOMDW_ASSIGN_OR_RETURN(std::optional<Number> hi, ReadNumber(r, "max"));
  if (!lo && !hi) return Status::InvalidArgument("{}: a range check needs \"min\", \"max\" or both", r.Where());
  if (lo && hi && lo->value > hi->value) {
    return Status::InvalidArgument("{}: key \"{}\": min {} is above max {}", r.Where("min"), r.Qualified("min"),
                                   lo->sql, hi->sql);
  }
  std::vector<std::string> outside;
  if (lo) outside.push_back(fmt::format("{} < {}", col, lo->sql));
  if (hi) outside.push_back(fmt::format("{} > {}", col, hi->sql));
  *default_name = "range_" + plain;
  return fmt::format("SELECT * FROM {} WHERE ({}){}", ctx.table_sql, fmt::join(outside, " OR "), AndWhere(ctx));
}

// Rows for which the boolean expression is false. NULL counts as holding, as
// in a SQL CHECK constraint; use not_null for missing values.
Result<std::string> BuildExpression(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  ECOMDW_ASSIGN_OR_RETURN(std::string expr, ReadSql(r, "expression", true));
  default_name->clear();  // several per table are usual: the file must name each
  return fmt::format("SELECT * FROM {} WHERE NOT ({}){}", ctx.table_sql, expr, AndWhere(ctx));
}

}  // namespace ecomdw::quality::internal
