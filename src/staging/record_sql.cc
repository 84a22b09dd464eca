#include "staging/record_sql.h"

#include "common/sql_quote.h"

namespace ecomdw::staging {
namespace {

std::string GroupLines(const ObjectGroup& g, bool skip_header) {
  return fmt::format(
      "SELECT r.object_key, r.dt, r.line, r.raw FROM staging_work.raw_lines r "
      "JOIN staging_work.objects o USING (object_key) WHERE o.grp = {} AND NOT o.quarantined{}",
      g.id, skip_header ? " AND r.line > 1" : "");
}

std::string CsvLinesCte(const ObjectGroup& g) {
  return fmt::format(
      "WITH l AS (SELECT *, regexp_extract_all(raw || ',', {}, 1) AS f_ FROM ({})), "
      "w AS (SELECT *, len(f_) = {} AND array_to_string(f_, ',') = raw AS ok_ FROM l) ",
      QuoteLiteral(kCsvFieldRegex), GroupLines(g, true), g.fields.size());
}

int Position(const ObjectGroup& g, const std::string& field) {
  for (size_t i = 0; i < g.fields.size(); ++i) {
    if (g.fields[i] == field) return static_cast<int>(i) + 1;
  }
  return 0;
}

// The JSON path of a field; names are safe identifiers, so no escaping.
std::string JsonPath(const std::string& field) { return QuoteLiteral("$." + field); }

}  // namespace

Result<std::string> WellFormedSql(const EffectiveContract& c, const ObjectGroup& g) {
  const config::Source& s = *c.source;
  std::string cols;
  if (s.format == "csv") {
    for (const ContractColumn& col : c.columns) {
      ECOMDW_ASSIGN_OR_RETURN(std::string out, QuoteIdentifier("t_" + col.name, "column"));
      auto it = g.source_field.find(col.name);
      int pos = it == g.source_field.end() ? 0 : Position(g, it->second);
      if (pos == 0) {
        cols += ", NULL::VARCHAR AS " + out;
      } else {
        cols += fmt::format(
            ", NULLIF(CASE WHEN f_[{0}] LIKE '\"%' THEN replace(substr(f_[{0}], 2, length(f_[{0}]) - 2), "
            "'\"\"', '\"') ELSE f_[{0}] END, '') AS {1}",
            pos, out);
      }
    }
    return CsvLinesCte(g) + "SELECT object_key, dt, line, 0 AS elem, raw" + cols + " FROM w WHERE ok_";
  }
  if (s.format == "jsonl" || s.format == "json") {
    bool explode = !s.explode.empty();
    for (const ContractColumn& col : c.columns) {
      ECOMDW_ASSIGN_OR_RETURN(std::string out, QuoteIdentifier("t_" + col.name, "column"));
      auto it = g.source_field.find(col.name);
      if (it == g.source_field.end()) {
        cols += ", NULL::VARCHAR AS " + out;
        continue;
      }
      std::string doc = col.element ? "el_" : "raw";
      cols += fmt::format(", NULLIF(json_extract_string({}, {}), '') AS {}", doc, JsonPath(it->second), out);
    }
    std::string valid = "SELECT * FROM (" + GroupLines(g, false) + ") WHERE " + kIsJsonObject;
    if (!explode) return "SELECT object_key, dt, line, 0 AS elem, raw" + cols + " FROM (" + valid + ")";
    std::string arr = JsonPath(s.explode);
    // A record without elements still yields one row (all element fields
    // NULL), so it is quarantined for its missing fields, not lost.
    return fmt::format(
        "WITH v AS ({0}), e AS (SELECT *, CASE WHEN json_type(raw, {1}) = 'ARRAY' AND json_array_length(raw, {1}) > 0 "
        "THEN json_extract(raw, {2}) ELSE [NULL::JSON] END AS lst_ FROM v), "
        "x AS (SELECT object_key, dt, line, raw, unnest(lst_) AS el_, generate_subscripts(lst_, 1) AS elem FROM e) "
        "SELECT object_key, dt, line, elem, raw{3} FROM x",
        valid, arr, QuoteLiteral("$." + s.explode + "[*]"), cols);
  }
  return Status::InvalidArgument("source {}: format {} has no line reader", s.name, s.format);
}

Result<std::string> MalformedSql(const EffectiveContract& c, const ObjectGroup& g) {
  const config::Source& s = *c.source;
  if (s.format == "csv") {
    return CsvLinesCte(g) + fmt::format(
                                "SELECT object_key, dt, line, raw, 'expected {} fields, found ' || len(f_) || "
                                "' (or broken quoting)' AS message FROM w WHERE NOT ok_",
                                g.fields.size());
  }
  if (s.format == "jsonl" || s.format == "json") {
    return "SELECT object_key, dt, line, raw, CASE WHEN json_valid(raw) THEN 'record is JSON but not an object' "
           "ELSE 'record is not valid JSON' END AS message FROM (" +
           GroupLines(g, false) + ") WHERE NOT " + kIsJsonObject;
  }
  return Status::InvalidArgument("source {}: format {} has no line reader", s.name, s.format);
}

Result<std::string> ParquetRecordsSql(const EffectiveContract& c, const ObjectGroup& g,
                                      const std::vector<std::string>& local_paths) {
  std::string files;
  for (const std::string& p : local_paths) files += (files.empty() ? "" : ", ") + QuoteLiteral(p);
  std::string cols;
  for (const ContractColumn& col : c.columns) {
    ECOMDW_ASSIGN_OR_RETURN(std::string out, QuoteIdentifier("t_" + col.name, "column"));
    auto it = g.source_field.find(col.name);
    if (it == g.source_field.end()) {
      cols += ", NULL::VARCHAR AS " + out;
    } else {
      ECOMDW_ASSIGN_OR_RETURN(std::string in, QuoteIdentifier(it->second, "column"));
      cols += ", NULLIF(CAST(p." + in + " AS VARCHAR), '') AS " + out;
    }
  }
  return fmt::format(
      "SELECT o.object_key, o.dt, p.file_row_number + 1 AS line, 0 AS elem, "
      "CAST(to_json(p) AS VARCHAR) AS raw{} FROM read_parquet([{}], filename = true, file_row_number = true, "
      "union_by_name = true) p JOIN staging_work.objects o ON o.local_path = p.filename "
      "WHERE o.grp = {} AND NOT o.quarantined",
      cols, files, g.id);
}

}  // namespace ecomdw::staging
