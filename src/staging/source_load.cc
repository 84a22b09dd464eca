#include "staging/source_load.h"

#include <algorithm>
#include <chrono>

#include "common/sql_quote.h"
#include "ingest/partition.h"
#include "staging/classify_sql.h"
#include "staging/contract.h"
#include "staging/drift.h"
#include "staging/layout.h"
#include "staging/raw_lines.h"
#include "staging/record_sql.h"

namespace ecomdw::staging {
namespace {

using warehouse::Value;
using warehouse::Warehouse;

// The object's dt= partition as a DATE value, NULL when the key has none.
Value PartitionDate(const std::string& key) {
  std::optional<warehouse::Date> d = ingest::PartitionDateFromKey(key);
  return d ? Value{*d} : Value{};
}

Result<int64_t> Count(Warehouse& wh, const std::string& sql) {
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r, wh.Query(sql));
  return std::get<int64_t>(r.Scalar());
}



// Fills staging_work.objects and, for text formats, staging_work.raw_lines.
Status LandLines(Warehouse& wh, const config::Source& s, const std::vector<const LandedObject*>& objects) {
  ECOMDW_TRY(wh.Execute("DELETE FROM staging_work.raw_lines; DELETE FROM staging_work.objects;"));
  {
    ECOMDW_ASSIGN_OR_RETURN(auto writer, wh.OpenBulkWriter("staging_work", "objects"));
    for (const LandedObject* o : objects) {
      ECOMDW_TRY(writer->AppendRow(
          {o->key, o->local_path, PartitionDate(o->key), o->size, int64_t{-1}, false}));
    }
    ECOMDW_TRY(writer->Close());
  }
  if (s.format == "parquet") return Status::OK();
  const bool gzip = s.compression == "gzip";
  ECOMDW_ASSIGN_OR_RETURN(auto writer, wh.OpenBulkWriter("staging_work", "raw_lines"));
  for (const LandedObject* o : objects) {
    if (o->size == 0) continue;  // a zero-byte object has no records
    Value dt = PartitionDate(o->key);
    Status st;
    if (s.format == "json") {
      std::string doc;
      st = ReadAll(o->local_path, gzip, &doc);
      if (st.ok() && !doc.empty()) st = writer->AppendRow({o->key, dt, int64_t{0}, doc});
    } else {
      st = ForEachLine(o->local_path, gzip, [&](int64_t line, std::string_view text) {
        return writer->AppendRow({o->key, dt, line, std::string(text)});
      });
    }
    if (!st.ok()) return st.WithContext(fmt::format("staging: {}", o->key));
  }
  ECOMDW_TRY(writer->Close());
  if (s.format == "json") {
    // One document per object: its array elements are the records, numbered
    // from 1. A document that is not an array stays as line 0 (malformed).
    ECOMDW_TRY(wh.Execute(
        "INSERT INTO staging_work.raw_lines SELECT r.object_key, r.dt, CAST(e.key AS BIGINT) + 1, "
        "CAST(e.value AS VARCHAR) FROM staging_work.raw_lines r, json_each(r.raw) e "
        "WHERE r.line = 0 AND CASE WHEN json_valid(r.raw) THEN json_type(r.raw) = 'ARRAY' ELSE false END;"
        "DELETE FROM staging_work.raw_lines WHERE line = 0 AND "
        "CASE WHEN json_valid(raw) THEN json_type(raw) = 'ARRAY' ELSE false END;"));
  }
  return Status::OK();
}

// Applies the drift policy object by object and returns the read groups.
Result<std::vector<ObjectGroup>> ResolveLayouts(Warehouse& wh, const std::string& batch_id, const config::Source& s,
                                                EffectiveContract* contract) {
  ECOMDW_ASSIGN_OR_RETURN(std::vector<ObjectLayout> layouts, ReadLayouts(wh, s));
  for (const ObjectLayout& layout : layouts) {
    std::vector<FieldChange> changes = CompareWithContract(*contract, layout);
    if (changes.empty()) continue;
    switch (s.drift_policy) {
      case config::DriftPolicy::kFail: {
        const FieldChange& ch = changes.front();
        return Status::DataError("staging: {}: schema drift in source {}: column \"{}\" {}{} (drift_policy = fail)",
                                 layout.object_key, s.name, ch.column, ch.change,
                                 ch.new_name.empty() ? "" : " to \"" + ch.new_name + "\"");
      }
      case config::DriftPolicy::kQuarantine:
        ECOMDW_TRY(RecordChanges(wh, batch_id, *contract, layout.object_key, changes, "object quarantined"));
        ECOMDW_TRY(wh.ExecuteParams("UPDATE staging_work.objects SET quarantined = true WHERE object_key = $1",
                                    {layout.object_key})
                       .status());
        break;
      case config::DriftPolicy::kEvolve: {
        bool altered = false;
        for (const FieldChange& ch : changes) {
          if (ch.change != "added") continue;
          ECOMDW_ASSIGN_OR_RETURN(std::string table, QuoteQualified("staging", s.name));
          ECOMDW_ASSIGN_OR_RETURN(std::string col, QuoteIdentifier(ch.column, "drifted column"));
          ECOMDW_TRY(wh.Execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + col + " VARCHAR"));
          altered = true;
        }
        ECOMDW_TRY(RecordChanges(wh, batch_id, *contract, layout.object_key, changes, "evolved"));
        if (altered) {
          ECOMDW_ASSIGN_OR_RETURN(*contract, LoadEffectiveContract(wh, s));
        }
        break;
      }
    }
  }
  // Group objects that read alike.
  std::vector<ObjectGroup> groups;
  std::vector<std::vector<std::string>> seen;
  for (const ObjectLayout& layout : layouts) {
    auto it = std::find(seen.begin(), seen.end(), layout.fields);
    int id = static_cast<int>(it - seen.begin());
    if (it == seen.end()) {
      seen.push_back(layout.fields);
      groups.push_back(GroupFor(*contract, layout, id));
    }
    ECOMDW_TRY(wh.ExecuteParams("UPDATE staging_work.objects SET grp = $1 WHERE object_key = $2",
                                {int64_t{id}, layout.object_key})
                   .status());
  }
  return groups;
}

Status BuildRecordTables(Warehouse& wh, const config::Source& s, const EffectiveContract& c,
                         const std::vector<ObjectGroup>& groups) {
  std::string parsed, malformed;
  for (const ObjectGroup& g : groups) {
    std::string good;
    if (s.format == "parquet") {
      ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult paths,
                              wh.Query("SELECT local_path FROM staging_work.objects WHERE grp = $1 AND NOT quarantined AND size > 0",
                                       {int64_t{g.id}}));
      std::vector<std::string> files;
      for (const auto& row : paths.rows) files.push_back(std::get<std::string>(row[0]));
      if (files.empty()) continue;
      ECOMDW_ASSIGN_OR_RETURN(good, ParquetRecordsSql(c, g, files));
    } else {
      ECOMDW_ASSIGN_OR_RETURN(good, WellFormedSql(c, g));
      ECOMDW_ASSIGN_OR_RETURN(std::string bad, MalformedSql(c, g));
      malformed += (malformed.empty() ? "" : " UNION ALL ") + std::string("(") + bad + ")";
    }
    parsed += (parsed.empty() ? "" : " UNION ALL BY NAME ") + std::string("(") + good + ")";
  }
  // Empty result shapes when there is nothing to read.
  std::string empty_cols;
  for (const ContractColumn& col : c.columns) {
    ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteIdentifier("t_" + col.name, "column"));
    empty_cols += ", NULL::VARCHAR AS " + t;
  }
  if (parsed.empty()) {
    parsed = "SELECT NULL::VARCHAR AS object_key, NULL::DATE AS dt, 0::BIGINT AS line, 0::BIGINT AS elem, "
             "NULL::VARCHAR AS raw" + empty_cols + " WHERE false";
  }
  if (malformed.empty()) {
    malformed = "SELECT NULL::VARCHAR AS object_key, NULL::DATE AS dt, 0::BIGINT AS line, NULL::VARCHAR AS raw, "
                "NULL::VARCHAR AS message WHERE false";
  }
  ECOMDW_TRY(wh.Execute("CREATE OR REPLACE TABLE staging_work.parsed AS " + parsed));
  ECOMDW_TRY(wh.Execute("CREATE OR REPLACE TABLE staging_work.malformed AS " + malformed));
  ECOMDW_ASSIGN_OR_RETURN(std::string classify, ClassifySql(c));
  return wh.Execute(classify);
}

// Every record of objects quarantined by drift_policy = quarantine.
Result<std::string> DriftQuarantineSql(const config::Source& s, Warehouse& wh) {
  if (s.format != "parquet") {
    return std::string(
               "SELECT r.object_key, r.line, r.raw FROM staging_work.raw_lines r JOIN staging_work.objects o "
               "USING (object_key) WHERE o.quarantined") +
           (s.format == "csv" ? " AND r.line > 1" : "");
  }
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r,
                          wh.Query("SELECT local_path FROM staging_work.objects WHERE quarantined AND size > 0"));
  if (r.rows.empty()) return std::string("SELECT NULL::VARCHAR AS object_key, 0::BIGINT AS line, NULL AS raw WHERE false");
  std::string files;
  for (const auto& row : r.rows) files += (files.empty() ? "" : ", ") + QuoteLiteral(std::get<std::string>(row[0]));
  return "SELECT o.object_key, p.file_row_number + 1 AS line, CAST(to_json(p) AS VARCHAR) AS raw FROM read_parquet([" +
         files + "], filename = true, file_row_number = true, union_by_name = true) p JOIN staging_work.objects o "
         "ON o.local_path = p.filename";
}

Result<int64_t> CountRawRecords(Warehouse& wh, const config::Source& s) {
  if (s.format != "parquet") {
    return Count(wh, std::string("SELECT count(*) FROM staging_work.raw_lines") +
                         (s.format == "csv" ? " WHERE line > 1" : ""));
  }
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r,
                          wh.Query("SELECT local_path FROM staging_work.objects WHERE size > 0"));
  if (r.rows.empty()) return int64_t{0};
  std::string files;
  for (const auto& row : r.rows) files += (files.empty() ? "" : ", ") + QuoteLiteral(std::get<std::string>(row[0]));
  return Count(wh, "SELECT count(*) FROM read_parquet([" + files + "], union_by_name = true)");
}

}  // namespace

Result<SourceLoadStats> LoadSource(Warehouse& wh, const std::string& batch_id, const config::Source& s,
                                   const std::vector<const LandedObject*>& objects) {
  SourceLoadStats stats;
  stats.source = s.name;
  stats.objects = static_cast<int64_t>(objects.size());
  ECOMDW_TRY(LandLines(wh, s, objects));
  ECOMDW_ASSIGN_OR_RETURN(EffectiveContract c, LoadEffectiveContract(wh, s));
  ECOMDW_ASSIGN_OR_RETURN(std::vector<ObjectGroup> groups, ResolveLayouts(wh, batch_id, s, &c));
  ECOMDW_TRY(BuildRecordTables(wh, s, c, groups));

  ECOMDW_ASSIGN_OR_RETURN(std::string staging, QuoteQualified("staging", s.name));
  ECOMDW_ASSIGN_OR_RETURN(std::string quarantine, QuoteQualified("quarantine", s.name));
  const std::string batch = QuoteLiteral(batch_id);  // an ingest batch id, ours, quoted all the same
  std::string ids, id_match, cols;
  for (const std::string& k : c.identity) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(k, "business key column"));
    ids += (ids.empty() ? "" : ", ") + q;
    id_match += (id_match.empty() ? "" : " AND ") + ("s." + q + " = f." + q);
  }
  for (const ContractColumn& col : c.columns) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(col.name, "column"));
    cols += q + ", ";
  }
  // A record breaks the contract if any of its rows does (an order is
  // quarantined whole when one line is bad).
  ECOMDW_TRY(wh.Execute(
      "CREATE OR REPLACE TABLE staging_work.bad AS SELECT object_key, line, arg_min(reason, elem) AS reason, "
      "arg_min(coalesce(message, 'breaks contract rule ' || reason), elem) AS message, any_value(raw) AS raw "
      "FROM staging_work.classified WHERE reason IS NOT NULL GROUP BY object_key, line;"
      "CREATE OR REPLACE TABLE staging_work.valid AS SELECT c.* FROM staging_work.classified c "
      "WHERE NOT EXISTS (SELECT 1 FROM staging_work.bad b WHERE b.object_key = c.object_key AND b.line = c.line);"));
  // The first copy of each record version is kept, unless it is staged already.
  ECOMDW_TRY(wh.Execute(fmt::format(
      "CREATE OR REPLACE TABLE staging_work.keep AS WITH r AS (SELECT DISTINCT object_key, line, dt, {0} "
      "FROM staging_work.valid), f AS (SELECT * FROM r QUALIFY row_number() OVER (PARTITION BY {0} "
      "ORDER BY dt, object_key, line) = 1) SELECT f.object_key, f.line FROM f "
      "WHERE NOT EXISTS (SELECT 1 FROM {1} s WHERE {2})",
      ids, staging, id_match)));
  ECOMDW_TRY(wh.Execute(fmt::format(
      "INSERT INTO {0} BY NAME SELECT {1}{2} AS _batch_id, v.object_key AS _object_key, v.line AS _line, "
      "v.dt AS _dt FROM staging_work.valid v WHERE EXISTS (SELECT 1 FROM staging_work.keep k "
      "WHERE k.object_key = v.object_key AND k.line = v.line) ORDER BY v.object_key, v.line, v.elem",
      staging, cols, batch)));
  ECOMDW_ASSIGN_OR_RETURN(std::string drift_rows, DriftQuarantineSql(s, wh));
  ECOMDW_TRY(wh.Execute(fmt::format(
      "INSERT INTO {0} SELECT {1}, object_key, line, reason, message, raw FROM staging_work.bad;"
      "INSERT INTO {0} SELECT {1}, object_key, line, 'malformed', message, raw FROM staging_work.malformed;"
      "INSERT INTO {0} SELECT {1}, object_key, line, 'schema_drift', 'object quarantined by drift_policy', raw "
      "FROM ({2});",
      quarantine, batch, drift_rows)));

  ECOMDW_ASSIGN_OR_RETURN(stats.raw_records, CountRawRecords(wh, s));
  ECOMDW_ASSIGN_OR_RETURN(stats.staged, Count(wh, "SELECT count(*) FROM staging_work.keep"));
  ECOMDW_ASSIGN_OR_RETURN(int64_t valid_records,
                          Count(wh, "SELECT count(*) FROM (SELECT DISTINCT object_key, line FROM staging_work.valid)"));
  stats.duplicates = valid_records - stats.staged;
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult reasons,
                          wh.Query(fmt::format("SELECT reason, count(*) FROM {} WHERE _batch_id = {} GROUP BY reason "
                                               "ORDER BY reason",
                                               quarantine, batch)));
  for (const auto& row : reasons.rows) {
    int64_t n = std::get<int64_t>(row[1]);
    stats.quarantined += n;
    stats.quarantined_by_reason[std::get<std::string>(row[0])] = n;
    ECOMDW_TRY(wh.ExecuteParams("INSERT INTO ops.quarantine_summary VALUES ($1, $2, $3, $4)",
                                {batch_id, s.name, row[0], n})
                   .status());
  }
  const bool balanced = stats.raw_records == stats.staged + stats.quarantined + stats.duplicates;
  ECOMDW_TRY(wh.ExecuteParams("INSERT INTO ops.reconciliation VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                              {batch_id, s.name, stats.objects, stats.raw_records, stats.staged, stats.quarantined,
                               stats.duplicates, balanced, warehouse::NowTimestamp()})
                 .status());
  if (!balanced) {
    return Status::DataError(
        "staging: batch {} source {} does not reconcile: {} raw records != {} staged + {} quarantined + {} "
        "duplicates",
        batch_id, s.name, stats.raw_records, stats.staged, stats.quarantined, stats.duplicates);
  }
  return stats;
}

}  // namespace ecomdw::staging
