#include "staging/classify_sql.h"

#include "common/sql_quote.h"

namespace ecomdw::staging {

Result<std::string> ClassifySql(const EffectiveContract& c) {
  std::string typed, missing, bad_type, messages;
  for (const ContractColumn& col : c.columns) {
    ECOMDW_ASSIGN_OR_RETURN(std::string name, QuoteIdentifier(col.name, "column"));
    ECOMDW_ASSIGN_OR_RETURN(std::string text, QuoteIdentifier("t_" + col.name, "column"));
    typed += fmt::format(", TRY_CAST({} AS {}) AS {}", text, col.type, name);
    std::string is_bad = fmt::format("({0} IS NOT NULL AND TRY_CAST({0} AS {1}) IS NULL)", text, col.type);
    bad_type += (bad_type.empty() ? "" : " OR ") + is_bad;
    messages += fmt::format(", CASE WHEN {} THEN {} || {} || {} END", is_bad,
                            QuoteLiteral("field \"" + col.name + "\": \""), "left(" + text + ", 80)",
                            QuoteLiteral("\" is not " + col.type));
    if (col.required) {
      missing += (missing.empty() ? "" : " OR ") + text + " IS NULL";
      messages += fmt::format(", CASE WHEN {} IS NULL THEN {} END", text,
                              QuoteLiteral("required field \"" + col.name + "\" is missing"));
    }
  }
  if (missing.empty()) missing = "false";
  if (bad_type.empty()) bad_type = "false";
  std::string rules;
  for (const config::ContractRule& r : c.source->rules) {
    rules += fmt::format(" WHEN coalesce(({}), false) THEN {}", r.fails_when, QuoteLiteral(r.reason));
  }
  return fmt::format(
      "CREATE OR REPLACE TABLE staging_work.classified AS "
      "SELECT row_.*, CASE WHEN reason0_ IS NOT NULL THEN reason0_{0} END AS reason, "
      "CASE WHEN reason0_ IS NOT NULL THEN message0_ END AS message "
      "FROM (SELECT object_key, dt, line, elem, raw{1}, "
      "CASE WHEN {2} THEN 'missing_required' WHEN {3} THEN 'bad_type' END AS reason0_, "
      "concat_ws('; '{4}) AS message0_ FROM staging_work.parsed) row_",
      rules, typed, missing, bad_type, messages);
}

}  // namespace ecomdw::staging
