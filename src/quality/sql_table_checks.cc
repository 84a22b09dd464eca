// Checks over a whole table: row_count bounds and freshness.
#include <fmt/format.h>

#include "quality/check_sql.h"
#include "quality/toml_values.h"

namespace ecomdw::quality::internal {

// One row (the count) when the table's row count is outside [min, max].
Result<std::string> BuildRowCount(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  int64_t lo = 1;  // an empty table is the usual failure worth catching
  int64_t hi = -1;
  ECOMDW_TRY(ReadCount(r, "min", &lo));
  ECOMDW_TRY(ReadCount(r, "max", &hi));
  if (hi >= 0 && lo > hi) {
    return Status::InvalidArgument("{}: key \"{}\": min {} is above max {}", r.Where("min"), r.Qualified("min"), lo, hi);
  }
  std::string outside = fmt::format("row_count < {}", lo);
  if (hi >= 0) outside += fmt::format(" OR row_count > {}", hi);
  *default_name = "row_count";
  return fmt::format("SELECT row_count FROM (SELECT count(*) AS row_count FROM {}{}) AS counted WHERE {}",
                     ctx.table_sql, WhereClause(ctx), outside);
}

// One row when the newest value of `column` (a date or timestamp) lags the
// reference date by more than max_lag_days, or the table has no value at all.
// Reference: the newest partition date in the ingest ledger (against =
// "batch", the default), today's date (against = "now"), or any scalar SQL
// (`reference`). With no reference yet (nothing ingested), only an empty
// table fails.
Result<std::string> BuildFreshness(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  std::string plain;
  ECOMDW_ASSIGN_OR_RETURN(std::string col, ReadColumn(r, "column", &plain));
  int64_t max_lag = 1;
  ECOMDW_TRY(ReadCount(r, "max_lag_days", &max_lag));
  ECOMDW_ASSIGN_OR_RETURN(std::string against, ReadChoice(r, "against", {"batch", "now"}, "batch"));
  ECOMDW_ASSIGN_OR_RETURN(std::string reference, ReadSql(r, "reference", false));
  if (reference.empty()) {
    reference = against == "now" ? "current_date"
                                 : "(SELECT max(partition_date) FROM ops.ingest_ledger)";
  }
  *default_name = "freshness_" + plain;
  return fmt::format(
      "SELECT newest, reference, CAST(reference AS DATE) - newest AS lag_days, {3} AS max_lag_days "
      "FROM (SELECT max(CAST({0} AS DATE)) AS newest, CAST(({2}) AS DATE) AS reference FROM {1}{4}) AS f "
      "WHERE newest IS NULL OR CAST(reference AS DATE) - newest > {3}",
      col, ctx.table_sql, reference, max_lag, WhereClause(ctx));
}

}  // namespace ecomdw::quality::internal
