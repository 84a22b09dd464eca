#include "staging/slice_sql.h"

#include <fmt/ranges.h>

#include "common/sql_quote.h"

namespace ecomdw::staging {
namespace {

struct Names {
  std::string cols;      // "a", "b", …
  std::string ids;       // identity columns
  std::string id_join;   // n.a = s.a AND …
  std::string n_ids;     // n.a, n.b
};

Result<Names> NamesOf(const EffectiveContract& c) {
  Names n;
  for (const ContractColumn& col : c.columns) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(col.name, "column"));
    n.cols += (n.cols.empty() ? "" : ", ") + q;
  }
  for (const std::string& k : c.identity) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(k, "business key column"));
    n.ids += (n.ids.empty() ? "" : ", ") + q;
    n.id_join += (n.id_join.empty() ? "" : " AND ") + ("n." + q + " = s." + q);
    n.n_ids += (n.n_ids.empty() ? "" : ", ") + ("n." + q);
  }
  return n;
}

const char* kNotRuleFailed =
    " NOT EXISTS (SELECT 1 FROM temp.stg_rule_failed f WHERE f._obj = t._obj AND f._line = t._line)";

}  // namespace

Result<std::string> CreateTypedSql(const EffectiveContract& c) {
  std::string cols;
  for (const ContractColumn& col : c.columns) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(col.name, "column"));
    cols += ", " + q + " " + col.type;
  }
  return "CREATE OR REPLACE TEMP TABLE stg_typed (_obj INTEGER, _line BIGINT, _elem INTEGER" + cols + ")";
}

Result<std::string> RulesSql(const EffectiveContract& c) {
  if (c.source->rules.empty()) return std::string();
  std::string cases;
  for (const config::ContractRule& r : c.source->rules) {
    cases += fmt::format(" WHEN coalesce(({}), false) THEN {}", r.fails_when, QuoteLiteral(r.reason));
  }
  return fmt::format(
      "CREATE OR REPLACE TEMP TABLE stg_rule_failed AS SELECT _obj, _line, arg_min(reason_, _elem) AS reason "
      "FROM (SELECT _obj, _line, _elem, CASE{} END AS reason_ FROM temp.stg_typed row_) "
      "WHERE reason_ IS NOT NULL GROUP BY _obj, _line",
      cases);
}

Result<std::string> VerdictSql(const EffectiveContract& c, bool have_rules) {
  ECOMDW_ASSIGN_OR_RETURN(Names n, NamesOf(c));
  ECOMDW_ASSIGN_OR_RETURN(std::string staging, QuoteQualified("staging", c.source->name));
  // Only records whose identity occurs twice in the slice or is staged
  // already can be anything but new; only theirs is the content hashed (the
  // sum of the row hashes of the typed values: the order of rows does not
  // matter, a row's values do). Identity columns are top-level, so the
  // first row (_elem = 1) of a record has them.
  return fmt::format(
      "CREATE OR REPLACE TEMP TABLE stg_verdict AS "
      "WITH r AS (SELECT _obj, _line, {ids} FROM temp.stg_typed t WHERE _elem = 1{where}), "
      "c AS (SELECT {ids} FROM r GROUP BY {ids} HAVING count(*) > 1 "
      "UNION SELECT DISTINCT {ids} FROM {staging} SEMI JOIN r USING ({ids})), "
      "k AS (SELECT * FROM r SEMI JOIN c USING ({ids})), "
      "n AS (SELECT k.*, h.h_ FROM k JOIN (SELECT _obj, _line, sum(hash({cols})) AS h_ FROM temp.stg_typed "
      "SEMI JOIN k USING (_obj, _line) GROUP BY _obj, _line) h USING (_obj, _line)), "
      "s AS (SELECT {ids}, _object_key AS s_key, _line AS s_line, sum(hash({cols})) AS h_ FROM {staging} "
      "SEMI JOIN c USING ({ids}) GROUP BY {ids}, _object_key, _line), "
      "m AS (SELECT n._obj, n._line, {n_ids}, n.h_, count(s.s_key) AS staged_, "
      "coalesce(bool_or(s.h_ = n.h_), false) AS dup_, min(s.s_key) AS ref_key, "
      "arg_min(s.s_line, s.s_key) AS ref_line FROM n LEFT JOIN s ON {id_join} "
      "GROUP BY n._obj, n._line, {n_ids}, n.h_), "
      "w AS (SELECT _obj, _line, h_, first_value(h_) OVER o AS first_h, first_value(_obj) OVER o AS first_obj, "
      "first_value(_line) OVER o AS first_line, row_number() OVER o AS rn_ FROM m WHERE staged_ = 0 "
      "WINDOW o AS (PARTITION BY {ids} ORDER BY _obj, _line)) "
      "SELECT _obj, _line, 'duplicate' AS verdict, NULL::VARCHAR AS ref_key, NULL::BIGINT AS ref_line FROM m "
      "WHERE dup_ "
      "UNION ALL SELECT _obj, _line, 'conflict', ref_key, ref_line FROM m WHERE staged_ > 0 AND NOT dup_ "
      "UNION ALL SELECT w._obj, w._line, CASE WHEN w.h_ = w.first_h THEN 'duplicate' ELSE 'conflict' END, "
      "o.object_key, w.first_line FROM w JOIN temp.stg_objects o ON o._obj = w.first_obj WHERE w.rn_ > 1",
      fmt::arg("cols", n.cols), fmt::arg("where", have_rules ? std::string(" AND") + kNotRuleFailed : ""),
      fmt::arg("ids", n.ids), fmt::arg("staging", staging), fmt::arg("n_ids", n.n_ids),
      fmt::arg("id_join", n.id_join));
}

Result<std::string> InsertSql(const EffectiveContract& c, bool have_rules) {
  ECOMDW_ASSIGN_OR_RETURN(Names n, NamesOf(c));
  ECOMDW_ASSIGN_OR_RETURN(std::string staging, QuoteQualified("staging", c.source->name));
  std::string cols;
  for (const ContractColumn& col : c.columns) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(col.name, "column"));
    cols += "t." + q + ", ";
  }
  return fmt::format(
      "INSERT INTO {} BY NAME SELECT {}$1 AS _batch_id, o.object_key AS _object_key, t._line AS _line, o.dt AS _dt "
      "FROM temp.stg_typed t JOIN temp.stg_objects o ON o._obj = t._obj WHERE{}{} NOT EXISTS "
      "(SELECT 1 FROM temp.stg_verdict v WHERE v._obj = t._obj AND v._line = t._line)",
      staging, cols, have_rules ? kNotRuleFailed : "", have_rules ? " AND" : "");
}

std::string ConflictMessage(const EffectiveContract& c, const std::string& ref_key, int64_t ref_line,
                            const std::string& key, int64_t line) {
  return fmt::format(
      "conflicting duplicate: same {} as {} line {} but different content (this record: {} line {}); neither "
      "replaces the other",
      fmt::join(c.identity, ", "), ref_key, ref_line, key, line);
}

Result<std::vector<SliceRejection>> FinishSlice(warehouse::Warehouse& wh, const EffectiveContract& c,
                                                const std::string& batch_id) {
  ECOMDW_ASSIGN_OR_RETURN(std::string rules, RulesSql(c));
  const bool have_rules = !rules.empty();
  if (have_rules) ECOMDW_TRY(wh.Execute(rules));
  ECOMDW_ASSIGN_OR_RETURN(std::string verdict, VerdictSql(c, have_rules));
  ECOMDW_TRY(wh.Execute(verdict));
  ECOMDW_ASSIGN_OR_RETURN(std::string insert, InsertSql(c, have_rules));
  ECOMDW_TRY(wh.ExecuteParams(insert, {batch_id}).status());
  ECOMDW_ASSIGN_OR_RETURN(
      warehouse::QueryResult r,
      wh.Query(std::string(have_rules ? "SELECT _obj, _line, reason, NULL::VARCHAR, NULL::BIGINT FROM "
                                        "temp.stg_rule_failed UNION ALL "
                                      : "") +
               "SELECT _obj, _line, verdict, ref_key, ref_line FROM temp.stg_verdict ORDER BY 1, 2"));
  std::vector<SliceRejection> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) {
    SliceRejection x;
    x.obj = static_cast<int32_t>(std::get<int64_t>(row[0]));
    x.line = std::get<int64_t>(row[1]);
    x.kind = std::get<std::string>(row[2]);
    if (const auto* k = std::get_if<std::string>(&row[3])) x.ref_key = *k;
    if (const auto* l = std::get_if<int64_t>(&row[4])) x.ref_line = *l;
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace ecomdw::staging
