// Checks that numbers add up: reconciliation (the loader's per-batch equation,
// or two queries that must agree) and quarantine_rate.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/sql_quote.h"
#include "quality/check_sql.h"
#include "quality/toml_values.h"

namespace ecomdw::quality::internal {
namespace {

// The loader's equation over a table shaped like ops.reconciliation: rows
// where the flag says unbalanced or the counts do not add up.
std::string LedgerEquation(const CheckContext& ctx) {
  return fmt::format(
      "SELECT * FROM {} WHERE (balanced IS DISTINCT FROM TRUE OR raw_records IS DISTINCT FROM "
      "staged_records + quarantined_records + duplicate_records){}",
      ctx.table_sql, AndWhere(ctx));
}

}  // namespace

// Without `left`: the ledger equation of the file's table (ops.reconciliation).
// With `left` and `right`: two queries returning the key columns `keys` and
// one `measure` column; rows whose measures differ by more than `tolerance`,
// or that only one side has (a missing side counts as 0).
Result<std::string> BuildReconciliation(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  ECOMDW_ASSIGN_OR_RETURN(std::string left, ReadSql(r, "left", false));
  ECOMDW_ASSIGN_OR_RETURN(std::string right, ReadSql(r, "right", !left.empty()));
  if (left.empty()) {
    if (!right.empty()) return Status::InvalidArgument("{}: \"right\" needs \"left\"", r.Where("right"));
    *default_name = "reconciliation_balanced";
    return LedgerEquation(ctx);
  }
  std::string measure_plain;
  ECOMDW_ASSIGN_OR_RETURN(std::string measure, ReadColumn(r, "measure", &measure_plain));
  std::vector<std::string> keys;
  ECOMDW_TRY(r.StringArray("keys", &keys));
  ECOMDW_ASSIGN_OR_RETURN(std::optional<Number> tolerance, ReadNumber(r, "tolerance"));
  std::vector<std::string> key_cols, on;
  for (const std::string& k : keys) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(k, r.Where("keys") + ": key \"keys\""));
    key_cols.push_back(fmt::format("coalesce(_l.{0}, _r.{0}) AS {0}", q));
    on.push_back(fmt::format("_l.{0} IS NOT DISTINCT FROM _r.{0}", q));
  }
  std::string select_keys = key_cols.empty() ? "" : fmt::format("{}, ", fmt::join(key_cols, ", "));
  std::string join = on.empty() ? "ON TRUE" : fmt::format("ON {}", fmt::join(on, " AND "));
  *default_name = "reconciliation_" + measure_plain;
  return fmt::format(
      "SELECT {0}_l.{1} AS left_value, _r.{1} AS right_value, "
      "coalesce(_l.{1}, 0) - coalesce(_r.{1}, 0) AS difference "
      "FROM ({2}) AS _l FULL OUTER JOIN ({3}) AS _r {4} "
      "WHERE abs(coalesce(_l.{1}, 0) - coalesce(_r.{1}, 0)) > {5}",
      select_keys, measure, left, right, join, tolerance ? tolerance->sql : "0");
}

// Rows of a table shaped like ops.reconciliation (batch_id, source,
// raw_records, quarantined_records) whose quarantined share exceeds
// max_percent (default 5) of raw_records; sources with fewer than
// min_records raw records in the batch are not judged (default 0).
Result<std::string> BuildQuarantineRate(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  ECOMDW_ASSIGN_OR_RETURN(std::optional<Number> max_percent, ReadNumber(r, "max_percent"));
  int64_t min_records = 0;
  ECOMDW_TRY(ReadCount(r, "min_records", &min_records));
  if (max_percent && (max_percent->value < 0 || max_percent->value > 100)) {
    return Status::InvalidArgument("{}: key \"{}\": must be within 0..100", r.Where("max_percent"),
                                   r.Qualified("max_percent"));
  }
  const std::string limit = max_percent ? max_percent->sql : "5";
  *default_name = "quarantine_rate";
  return fmt::format(
      "SELECT batch_id, source, raw_records, quarantined_records, "
      "round(100.0 * quarantined_records / raw_records, 2) AS quarantined_percent, {1} AS max_percent "
      "FROM {0} WHERE raw_records > 0 AND raw_records >= {2} AND 100.0 * quarantined_records > {1} * raw_records{3}",
      ctx.table_sql, limit, min_records, AndWhere(ctx));
}

}  // namespace ecomdw::quality::internal
