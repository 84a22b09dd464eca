// volume_anomaly: a day's volume against the history of comparable days.
//
// Each day's measure (default count(*)) is compared with the same measure on
// the previous `history` comparable days: the same weekday (seasonality =
// "weekday", the default; a Sunday is compared with Sundays) or simply the
// previous days (seasonality = "none"). Days without rows count as 0, so a
// missing day is the strongest anomaly. The score is the robust z-score
//   z = (value - median) / sigma
// (median and median absolute deviation (MAD) of the history, so one bad day in
// the history does not hide the next), with 1.4826 * MAD (the standard
// deviation MAD estimates) floored at sqrt(median) when the measure is a count
// (poisson_floor = true, the default): a count's noise is at least Poisson's,
// and a few small integers can have a MAD of 0.5 by chance, which would make
// any quiet day at 18 orders a day look like a collapse. A day fails when |z| > max_z in the
// checked direction AND it differs from the median by at least
// min_change_percent: the z-score says "unusual for this series", the change
// says "big enough to matter" (a quiet Christmas Eve is unusual but real).
// With no spread at all (MAD = 0 and no floor) the change alone decides.
//
// `by = ["source"]` makes one series per value of those columns (per source
// and day, say): each series runs from its own first day to the newest day
// that at least two series have (one series: its own newest day), so a source
// silent on a day the others delivered scores 0 there, while a day only one
// source has reached yet (a partial day, a stray future partition) is not
// judged. Each series is compared only with its own history.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/sql_quote.h"

#include "quality/check_sql.h"
#include "quality/toml_values.h"

namespace ecomdw::quality::internal {

Result<std::string> BuildVolumeAnomaly(config::TableReader& r, const CheckContext& ctx, std::string* default_name) {
  std::string plain;
  ECOMDW_ASSIGN_OR_RETURN(std::string col, ReadColumn(r, "column", &plain));
  ECOMDW_ASSIGN_OR_RETURN(std::string measure, ReadSql(r, "measure", false));
  if (measure.empty()) measure = "count(*)";
  ECOMDW_ASSIGN_OR_RETURN(std::string seasonality, ReadChoice(r, "seasonality", {"weekday", "none"}, "weekday"));
  const bool weekday = seasonality == "weekday";
  int64_t history = weekday ? 8 : 28;
  int64_t min_history = 4;
  int64_t last_days = 0;
  ECOMDW_TRY(ReadCount(r, "history", &history));
  ECOMDW_TRY(ReadCount(r, "min_history", &min_history));
  ECOMDW_TRY(ReadCount(r, "last_days", &last_days));
  if (history < 1 || min_history < 1 || min_history > history) {
    return Status::InvalidArgument("{}: need 1 <= min_history ({}) <= history ({})", r.Where(), min_history, history);
  }
  ECOMDW_ASSIGN_OR_RETURN(std::optional<Number> max_z, ReadNumber(r, "max_z"));
  ECOMDW_ASSIGN_OR_RETURN(std::optional<Number> min_change, ReadNumber(r, "min_change_percent"));
  ECOMDW_ASSIGN_OR_RETURN(std::string direction, ReadChoice(r, "direction", {"low", "high", "both"}, "both"));
  ECOMDW_ASSIGN_OR_RETURN(std::string skip_when, ReadSql(r, "skip_when", false));
  bool poisson_floor = true;
  ECOMDW_TRY(r.Bool("poisson_floor", &poisson_floor));
  ECOMDW_ASSIGN_OR_RETURN(std::string transform, ReadChoice(r, "transform", {"none", "anscombe"}, "none"));
  const bool anscombe = transform == "anscombe";
  // The scale z is computed on: the counts themselves, or Anscombe's
  // 2 * sqrt(x + 3/8), on which a Poisson count's noise is 1 whatever its
  // mean, so a day of 0 where 10 are usual scores -5.2 instead of -3.2.
  auto scaled = [&](const std::string& x) { return anscombe ? fmt::format("2 * sqrt({} + 0.375)", x) : x; };
  std::vector<std::string> by;
  ECOMDW_TRY(r.StringArray("by", &by));
  std::vector<std::string> series;  // quoted
  for (const std::string& b : by) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q,
                            QuoteIdentifier(b, fmt::format("{}: key \"{}\"", r.Where("by"), r.Qualified("by"))));
    series.push_back(q);
  }
  // Fragments naming the series columns ("" without `by`).
  auto list = [&](const std::string& alias) {
    std::string out;
    for (const std::string& s : series) out += (alias.empty() ? "" : alias + ".") + s + ", ";
    return out;
  };
  auto same = [&](const std::string& a, const std::string& b) {
    std::string out;
    for (const std::string& s : series) out += fmt::format(" AND {0}.{2} = {1}.{2}", a, b, s);
    return out;
  };
  const std::string group_series = series.empty() ? "" : fmt::format(" GROUP BY {}", fmt::join(series, ", "));
  const std::string z = max_z ? max_z->sql : "3.5";
  const std::string change = min_change ? min_change->sql : "50";
  if ((max_z && max_z->value <= 0) || (min_change && min_change->value < 0)) {
    return Status::InvalidArgument("{}: max_z must be > 0 and min_change_percent >= 0", r.Where());
  }

  const std::string low = fmt::format(
      "((robust_z < -{0} OR (robust_z IS NULL AND value < median)) AND change_percent <= -{1})", z, change);
  const std::string high = fmt::format(
      "((robust_z > {0} OR (robust_z IS NULL AND value > median)) AND change_percent >= {1})", z, change);
  std::string anomalous = direction == "low" ? low : direction == "high" ? high : "(" + low + " OR " + high + ")";
  std::string filters;
  if (last_days > 0) filters += fmt::format(" AND day > (SELECT max(day) FROM _daily) - {}", last_days);
  if (!skip_when.empty()) filters += fmt::format(" AND NOT coalesce(({}), FALSE)", skip_when);
  const std::string comparable =
      weekday ? fmt::format("h.day < cur.day AND h.day >= cur.day - {} AND (cur.day - h.day) % 7 = 0", 7 * history)
              : fmt::format("h.day < cur.day AND h.day >= cur.day - {}", history);

  *default_name = "volume_anomaly_" + plain + (by.empty() ? "" : fmt::format("_by_{}", fmt::join(by, "_")));
  return fmt::format(
      "WITH _counts AS ("
      "SELECT {s}CAST({col} AS DATE) AS day, {measure} AS value FROM {table} WHERE {col} IS NOT NULL{where} "
      "GROUP BY {s}CAST({col} AS DATE)), "
      "_bounds AS (SELECT {s}min(day) AS lo FROM _counts{group_series}), "
      "_end AS (SELECT max(day) AS hi FROM (SELECT day FROM _counts GROUP BY day "
      "HAVING count(*) >= least(2, (SELECT count(*) FROM _bounds))) AS shared), "
      "_days AS ("
      "SELECT {s_b}CAST(g.d AS DATE) AS day FROM _bounds AS b, _end AS t, "
      "generate_series(CAST(b.lo AS TIMESTAMP), CAST(t.hi AS TIMESTAMP), INTERVAL '1 day') AS g(d) "
      "WHERE b.lo IS NOT NULL), "
      "_daily AS (SELECT {s_d}d.day, CAST(coalesce(c.value, 0) AS DOUBLE) AS value "
      "FROM _days AS d LEFT JOIN _counts AS c ON c.day = d.day{same_dc}), "
      "_history AS (SELECT {s_cur}cur.day, cur.value, h.value AS past, {scaled_past} AS scaled_past "
      "FROM _daily AS cur JOIN _daily AS h ON {comparable}{same_hcur}), "
      "_median AS (SELECT {s}day, value, count(*) AS history_days, "
      "percentile_cont(0.5) WITHIN GROUP (ORDER BY past) AS median, "
      "percentile_cont(0.5) WITHIN GROUP (ORDER BY scaled_past) AS scaled_median FROM _history GROUP BY {s}day, value), "
      "_mad AS (SELECT {s_m}m.day, m.value, m.history_days, m.median, m.scaled_median, "
      "percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(h.scaled_past - m.scaled_median)) AS mad "
      "FROM _median AS m JOIN _history AS h ON h.day = m.day{same_hm} "
      "GROUP BY {s_m}m.day, m.value, m.history_days, m.median, m.scaled_median), "
      "_scored AS (SELECT {s}day, value, median, mad, "
      "CASE WHEN {sigma} > 0 THEN round(({scaled_value} - scaled_median) / ({sigma}), 2) END AS robust_z, "
      "CASE WHEN median > 0 THEN round(100.0 * (value - median) / median, 1) END AS change_percent, history_days "
      "FROM _mad WHERE history_days >= {min_history}) "
      "SELECT {s}day, value, median, mad, robust_z, change_percent, history_days FROM _scored "
      "WHERE {anomalous}{filters}",
      fmt::arg("col", col), fmt::arg("measure", measure), fmt::arg("table", ctx.table_sql),
      fmt::arg("where", AndWhere(ctx)), fmt::arg("comparable", comparable), fmt::arg("min_history", min_history),
      fmt::arg("anomalous", anomalous), fmt::arg("filters", filters), fmt::arg("s", list("")),
      fmt::arg("s_b", list("b")), fmt::arg("s_d", list("d")), fmt::arg("s_cur", list("cur")),
      fmt::arg("s_m", list("m")), fmt::arg("group_series", group_series), fmt::arg("same_dc", same("c", "d")),
      fmt::arg("same_hcur", same("h", "cur")), fmt::arg("same_hm", same("h", "m")),
      fmt::arg("scaled_past", scaled("h.value")), fmt::arg("scaled_value", scaled("value")),
      fmt::arg("sigma", !poisson_floor ? "1.4826 * mad"
                        : anscombe     ? "greatest(1.4826 * mad, 1)"
                                       : "greatest(1.4826 * mad, sqrt(greatest(median, 0)))"));
}

}  // namespace ecomdw::quality::internal
