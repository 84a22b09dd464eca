#include "staging/parquet_load.h"

#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "common/sql_quote.h"
#include "staging/slice_sql.h"

namespace ecomdw::staging {
namespace {

using warehouse::Value;
using warehouse::Warehouse;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Parquet files begin and end with "PAR1".
bool HasParquetMagic(const std::string& path, int64_t size) {
  if (size < 12) return false;
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) return false;
  char head[4], tail[4];
  if (std::fread(head, 1, 4, f.get()) != 4) return false;
  if (std::fseek(f.get(), -4, SEEK_END) != 0 || std::fread(tail, 1, 4, f.get()) != 4) return false;
  return std::string_view(head, 4) == "PAR1" && std::string_view(tail, 4) == "PAR1";
}

std::string Text(const Value& v) {
  const auto* s = std::get_if<std::string>(&v);
  return s ? *s : std::string();
}

int64_t Int(const Value& v) {
  const auto* i = std::get_if<int64_t>(&v);
  return i ? *i : 0;
}

// A Parquet column's type in DuckDB's spelling, from parquet_schema().
std::string ParquetType(const std::string& physical, const std::string& converted, int64_t scale, int64_t precision,
                        const std::string& logical, bool nested) {
  if (nested) return "STRUCT";
  if (converted == "DECIMAL" || logical.rfind("DecimalType", 0) == 0) {
    return fmt::format("DECIMAL({},{})", precision, scale);
  }
  if (converted == "UTF8" || converted == "ENUM" || converted == "JSON" || logical.rfind("StringType", 0) == 0) {
    return "VARCHAR";
  }
  if (converted == "DATE" || logical.rfind("DateType", 0) == 0) return "DATE";
  if (converted.rfind("TIMESTAMP", 0) == 0 || logical.rfind("TimestampType", 0) == 0) {
    return logical.find("isAdjustedToUTC=1") != std::string::npos ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
  }
  static const std::map<std::string, std::string> kConverted = {
      {"INT_8", "TINYINT"},    {"INT_16", "SMALLINT"},   {"INT_32", "INTEGER"},   {"INT_64", "BIGINT"},
      {"UINT_8", "UTINYINT"}, {"UINT_16", "USMALLINT"}, {"UINT_32", "UINTEGER"}, {"UINT_64", "UBIGINT"}};
  if (auto it = kConverted.find(converted); it != kConverted.end()) return it->second;
  static const std::map<std::string, std::string> kPhysical = {
      {"BOOLEAN", "BOOLEAN"}, {"INT32", "INTEGER"}, {"INT64", "BIGINT"}, {"INT96", "TIMESTAMP"},
      {"FLOAT", "FLOAT"},     {"DOUBLE", "DOUBLE"}, {"BYTE_ARRAY", "BLOB"}, {"FIXED_LEN_BYTE_ARRAY", "BLOB"}};
  if (auto it = kPhysical.find(physical); it != kPhysical.end()) return it->second;
  return physical;
}

std::string FileList(const std::vector<std::string>& paths) {
  std::string out;
  for (const std::string& p : paths) out += (out.empty() ? "" : ", ") + QuoteLiteral(p);
  return "[" + out + "]";
}

std::string ReadParquet(const std::vector<std::string>& paths) {
  return "read_parquet(" + FileList(paths) +
         ", filename = true, file_row_number = true, union_by_name = true, hive_partitioning = false)";
}

class ParquetLoad {
 public:
  ParquetLoad(Warehouse& wh, const std::string& batch_id, EffectiveContract* c,
              const std::vector<const LandedObject*>& objects, ChangeLog* changes, SourceLoadStats* stats)
      : wh_(wh), batch_(batch_id), c_(*c), objects_(objects), changes_(*changes), stats_(*stats) {}

  Status Run();

 private:
  Status Unreadable(size_t obj, const std::string& what) {
    unreadable_.emplace(obj, what);
    return Status::OK();
  }
  std::vector<std::string> Paths(const std::set<size_t>& objs) const {
    std::vector<std::string> out;
    for (size_t i : objs) out.push_back(objects_[i]->local_path);
    return out;
  }
  // Objects of `candidates` that DuckDB cannot read with `probe` (one
  // statement per object, only after a statement over all of them failed).
  Status ProbeEach(const std::set<size_t>& candidates, const std::string& probe_fmt);
  Status ReadLayouts();
  Status ApplyDrift();
  Result<std::string> RowsSql();
  Status WriteQuarantine(const std::vector<SliceRejection>& rejected);

  Warehouse& wh_;
  const std::string& batch_;
  EffectiveContract& c_;
  const std::vector<const LandedObject*>& objects_;
  ChangeLog& changes_;
  SourceLoadStats& stats_;
  std::set<size_t> readable_;                 // objects read as Parquet
  std::map<size_t, std::string> unreadable_;  // object -> what was wrong
  std::set<size_t> drifted_;                  // quarantined by drift_policy
  std::map<size_t, ObjectLayout> layouts_;
  std::map<size_t, std::vector<FieldChange>> object_changes_;
};

Status ParquetLoad::ProbeEach(const std::set<size_t>& candidates, const std::string& probe_fmt) {
  for (size_t i : candidates) {
    Result<warehouse::QueryResult> r =
        wh_.Query(fmt::format(fmt::runtime(probe_fmt), QuoteLiteral(objects_[i]->local_path)));
    if (!r.ok()) {
      std::string m = r.status().message();
      m = m.substr(0, m.find('\n'));
      ECOMDW_TRY(Unreadable(i, "not a readable Parquet file: " + m));
      readable_.erase(i);
    }
  }
  return Status::OK();
}

Status ParquetLoad::ReadLayouts() {
  for (size_t i = 0; i < objects_.size(); ++i) {
    const LandedObject& o = *objects_[i];
    if (o.size == 0) continue;  // a zero-byte object has no records
    if (!HasParquetMagic(o.local_path, o.size)) {
      ECOMDW_TRY(Unreadable(i, "not a Parquet file (no PAR1 magic at both ends)"));
    } else {
      readable_.insert(i);
    }
  }
  if (readable_.empty()) return Status::OK();
  const std::string schema_sql =
      "SELECT file_name, name, type, converted_type, scale, precision, logical_type, num_children "
      "FROM parquet_schema({})";
  Result<warehouse::QueryResult> r = wh_.Query(fmt::format(fmt::runtime(schema_sql), FileList(Paths(readable_))));
  if (!r.ok()) {
    ECOMDW_TRY(ProbeEach(readable_, "SELECT count(*) FROM parquet_schema({})"));
    if (readable_.empty()) return Status::OK();
    r = wh_.Query(fmt::format(fmt::runtime(schema_sql), FileList(Paths(readable_))));
    if (!r.ok()) return r.status();
  }
  std::map<std::string, size_t> by_path;
  for (size_t i : readable_) by_path[objects_[i]->local_path] = i;
  // Rows are each file's schema tree in preorder: the root, then its
  // columns; a nested column is followed by its own children, skipped here.
  std::string current;
  int64_t skip = 0;
  bool root = false;
  for (const auto& row : r->rows) {
    std::string file = Text(row[0]);
    if (file != current) {
      current = file;
      root = true;
      skip = 0;
    }
    if (root) {
      root = false;
      continue;
    }
    const int64_t children = Int(row[7]);
    if (skip > 0) {
      skip += children - 1;
      continue;
    }
    auto it = by_path.find(file);
    if (it == by_path.end()) continue;
    ObjectLayout& l = layouts_[it->second];
    l.object_key = objects_[it->second]->key;
    l.fields.push_back(Text(row[1]));
    l.types.push_back(ParquetType(Text(row[2]), Text(row[3]), Int(row[4]), Int(row[5]), Text(row[6]), children > 0));
    skip = children;
  }
  return Status::OK();
}

Status ParquetLoad::ApplyDrift() {
  const config::Source& s = *c_.source;
  std::set<std::string> evolve;
  for (size_t i : readable_) {
    std::vector<FieldChange> changes = CompareWithContract(c_, layouts_[i]);
    if (changes.empty()) continue;
    switch (s.drift_policy) {
      case config::DriftPolicy::kFail: return DriftFailure(s, objects_[i]->key, changes);
      case config::DriftPolicy::kQuarantine:
        drifted_.insert(i);
        changes_.Add(objects_[i]->key, changes, "object quarantined");
        break;
      case config::DriftPolicy::kEvolve:
        for (FieldChange& ch : changes) {
          if (ch.change != "added") continue;
          if (IsSafeIdentifier(ch.column)) {
            evolve.insert(ch.column);
          } else {
            ch.detail += fmt::format("; not evolved: the name is not an identifier, map it in [sources.{}.raw_names]",
                                     s.name);
          }
        }
        changes_.Add(objects_[i]->key, changes, "evolved");
        break;
    }
    object_changes_[i] = std::move(changes);
  }
  for (size_t i : drifted_) readable_.erase(i);
  if (evolve.empty()) return Status::OK();
  ECOMDW_ASSIGN_OR_RETURN(std::string table, QuoteQualified("staging", s.name));
  for (const std::string& name : evolve) {
    ECOMDW_ASSIGN_OR_RETURN(std::string col, QuoteIdentifier(name, "drifted column"));
    ECOMDW_TRY(wh_.Execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + col + " VARCHAR"));
  }
  ECOMDW_ASSIGN_OR_RETURN(c_, LoadEffectiveContract(wh_, s));
  return Status::OK();
}

// One SELECT per group of objects that map their fields alike.
Result<std::string> ParquetLoad::RowsSql() {
  std::map<std::vector<std::string>, std::set<size_t>> groups;  // field per contract column ("" = none)
  for (size_t i : readable_) {
    const ObjectLayout& l = layouts_[i];
    std::vector<int> to_col = FieldColumns(c_, l, object_changes_[i]);
    std::vector<std::string> source(c_.columns.size());
    for (size_t f = 0; f < l.fields.size(); ++f) {
      if (to_col[f] >= 0) source[static_cast<size_t>(to_col[f])] = l.fields[f];
    }
    // Added fields that evolved feed their new column.
    for (size_t f = 0; f < l.fields.size(); ++f) {
      int idx = c_.IndexOf(l.fields[f]);
      if (to_col[f] < 0 && idx >= 0 && c_.columns[static_cast<size_t>(idx)].evolved) {
        source[static_cast<size_t>(idx)] = l.fields[f];
      }
    }
    groups[source].insert(i);
  }
  std::string sql;
  for (const auto& [source, objs] : groups) {
    std::string cols, missing, bad, messages;
    for (size_t k = 0; k < c_.columns.size(); ++k) {
      const ContractColumn& col = c_.columns[k];
      ECOMDW_ASSIGN_OR_RETURN(std::string out, QuoteIdentifier(col.name, "column"));
      if (source[k].empty()) {
        cols += fmt::format(", NULL::{} AS {}", col.type, out);
        if (col.required) {
          missing += " OR true";
          messages += ", " + QuoteLiteral("required field \"" + col.name + "\" is missing");
        }
        continue;
      }
      ECOMDW_ASSIGN_OR_RETURN(std::string in, QuoteIdentifier(source[k], "column"));
      const std::string v = "NULLIF(CAST(p." + in + " AS VARCHAR), '')";
      cols += fmt::format(", TRY_CAST({} AS {}) AS {}", v, col.type, out);
      std::string is_bad = fmt::format("({0} IS NOT NULL AND TRY_CAST({0} AS {1}) IS NULL)", v, col.type);
      if (col.sql_type.kind == SqlType::Kind::kDecimal) {
        // More decimals than the scale (trailing zeros aside) is bad_type.
        is_bad = fmt::format("({0} IS NOT NULL AND (TRY_CAST({0} AS {1}) IS NULL OR NOT regexp_full_match(trim({0}), "
                             "'[+-]?[0-9]*([.][0-9]{{0,{2}}}0*)?')))",
                             v, col.type, col.sql_type.scale);
      }
      bad += " OR " + is_bad;
      messages += fmt::format(", CASE WHEN {} THEN {} || left({}, 80) || {} END", is_bad,
                              QuoteLiteral("field \"" + col.name + "\": \""), v,
                              QuoteLiteral("\" is not " + col.type));
      if (col.required) {
        missing += " OR " + v + " IS NULL";
        messages += fmt::format(", CASE WHEN {} IS NULL THEN {} END", v,
                                QuoteLiteral("required field \"" + col.name + "\" is missing"));
      }
    }
    std::vector<std::string> paths;
    for (size_t i : objs) paths.push_back(objects_[i]->local_path);
    sql += (sql.empty() ? "" : " UNION ALL ") +
           fmt::format("SELECT o._obj, CAST(p.file_row_number + 1 AS BIGINT) AS _line, 1 AS _elem{}, "
                       "CASE WHEN false{} THEN 'missing_required' WHEN false{} THEN 'bad_type' END AS _reason, "
                       "concat_ws('; '{}) AS _message FROM {} p JOIN temp.stg_objects o ON o.local_path = p.filename",
                       cols, missing, bad, messages, ReadParquet(paths));
  }
  return sql;
}

Status ParquetLoad::WriteQuarantine(const std::vector<SliceRejection>& rejected) {
  ECOMDW_TRY(wh_.Execute(
      "CREATE OR REPLACE TEMP TABLE stg_q (_obj INTEGER, _line BIGINT, reason VARCHAR, message VARCHAR)"));
  {
    ECOMDW_ASSIGN_OR_RETURN(auto w, wh_.OpenBulkWriter("main", "stg_q"));
    for (const SliceRejection& r : rejected) {
      std::string message;
      if (r.kind == "duplicate") continue;
      if (r.kind == "conflict") {
        message = ConflictMessage(c_, r.ref_key, r.ref_line, objects_[static_cast<size_t>(r.obj)]->key, r.line);
      } else {
        message = "breaks contract rule " + r.kind;
      }
      ECOMDW_TRY(w->AppendRow({int64_t{r.obj}, r.line, r.kind == "conflict" ? std::string("conflicting_duplicate") : r.kind,
                               message}));
    }
    for (const auto& [obj, what] : unreadable_) {
      ECOMDW_TRY(w->AppendRow({static_cast<int64_t>(obj), int64_t{0}, std::string("unreadable_object"),
                               "unreadable object: " + what}));
    }
    ECOMDW_TRY(w->Close());
  }
  ECOMDW_TRY(wh_.Execute(
      "INSERT INTO temp.stg_q SELECT _obj, _line, _reason, _message FROM temp.stg_parquet_rows "
      "WHERE _reason IS NOT NULL"));
  if (!drifted_.empty()) {
    ECOMDW_TRY(wh_.Execute("INSERT INTO temp.stg_q SELECT o._obj, p.file_row_number + 1, 'schema_drift', "
                           "'object quarantined by drift_policy' FROM " +
                           ReadParquet(Paths(drifted_)) + " p JOIN temp.stg_objects o ON o.local_path = p.filename"));
  }
  // The raw rows, as JSON, of the objects that have quarantined records.
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult with_rows,
                          wh_.Query("SELECT DISTINCT _obj FROM temp.stg_q WHERE _line > 0 ORDER BY 1"));
  std::set<size_t> objs;
  for (const auto& row : with_rows.rows) objs.insert(static_cast<size_t>(std::get<int64_t>(row[0])));
  ECOMDW_ASSIGN_OR_RETURN(std::string quarantine, QuoteQualified("quarantine", c_.source->name));
  std::string raw = objs.empty() ? "(SELECT NULL::VARCHAR AS filename, 0::BIGINT AS _line, NULL::VARCHAR AS raw WHERE false)"
                                 : "(SELECT p.filename, p.file_row_number + 1 AS _line, CAST(to_json(p) AS VARCHAR) AS raw FROM " +
                                       ReadParquet(Paths(objs)) + " p)";
  ECOMDW_TRY(wh_.ExecuteParams("INSERT INTO " + quarantine +
                                   " SELECT $1, o.object_key, q._line, q.reason, q.message, r.raw FROM temp.stg_q q "
                                   "JOIN temp.stg_objects o ON o._obj = q._obj LEFT JOIN " +
                                   raw + " r ON r.filename = o.local_path AND r._line = q._line ORDER BY q._obj, q._line",
                               {batch_})
                 .status());
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult reasons,
                          wh_.Query("SELECT reason, count(*) FROM temp.stg_q GROUP BY reason ORDER BY reason"));
  for (const auto& row : reasons.rows) {
    int64_t n = std::get<int64_t>(row[1]);
    stats_.quarantined += n;
    stats_.quarantined_by_reason[std::get<std::string>(row[0])] += n;
  }
  return Status::OK();
}

Status ParquetLoad::Run() {
  ECOMDW_TRY(ReadLayouts());
  ECOMDW_TRY(ApplyDrift());
  ECOMDW_TRY(wh_.Execute(
      "CREATE OR REPLACE TEMP TABLE stg_parquet_rows (_obj INTEGER, _line BIGINT, _elem INTEGER, _reason VARCHAR, "
      "_message VARCHAR)"));
  while (!readable_.empty()) {
    ECOMDW_ASSIGN_OR_RETURN(std::string rows, RowsSql());
    Status st = wh_.Execute("CREATE OR REPLACE TEMP TABLE stg_parquet_rows AS " + rows);
    if (st.ok()) break;
    // Some object's data cannot be read: find it, quarantine it, go again.
    const size_t before = readable_.size();
    ECOMDW_TRY(ProbeEach(readable_, "SELECT count(*) FROM read_parquet({}, hive_partitioning = false)"));
    if (readable_.size() == before) return st;
  }
  if (readable_.empty()) {
    ECOMDW_ASSIGN_OR_RETURN(std::string create, CreateTypedSql(c_));
    ECOMDW_TRY(wh_.Execute(create));
    ECOMDW_TRY(wh_.Execute(
        "CREATE OR REPLACE TEMP TABLE stg_parquet_rows (_obj INTEGER, _line BIGINT, _elem INTEGER, "
        "_reason VARCHAR, _message VARCHAR)"));
  } else {
    ECOMDW_TRY(wh_.Execute("CREATE OR REPLACE TEMP TABLE stg_typed AS SELECT * EXCLUDE (_reason, _message) FROM "
                           "temp.stg_parquet_rows WHERE _reason IS NULL"));
  }
  ECOMDW_ASSIGN_OR_RETURN(std::vector<SliceRejection> rejected, FinishSlice(wh_, c_, batch_));
  ECOMDW_TRY(WriteQuarantine(rejected));
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult counts,
                          wh_.Query("SELECT (SELECT count(*) FROM temp.stg_parquet_rows), "
                                    "(SELECT count(*) FROM temp.stg_typed), "
                                    "(SELECT count(*) FROM temp.stg_q WHERE reason = 'schema_drift')"));
  const int64_t rows = Int(counts.rows[0][0]), typed = Int(counts.rows[0][1]), drift = Int(counts.rows[0][2]);
  int64_t dups = 0, kept_out = 0;
  for (const SliceRejection& r : rejected) {
    ++kept_out;
    if (r.kind == "duplicate") ++dups;
    if (r.kind == "conflict") ++stats_.conflicts;
  }
  stats_.raw_records += rows + drift + static_cast<int64_t>(unreadable_.size());
  stats_.staged += typed - kept_out;
  stats_.duplicates += dups;
  stats_.unreadable_objects += static_cast<int64_t>(unreadable_.size());
  return Status::OK();
}

}  // namespace

Status LoadParquetObjects(Warehouse& wh, const std::string& batch_id, EffectiveContract* contract,
                          const std::vector<const LandedObject*>& objects, ChangeLog* changes, SourceLoadStats* stats) {
  return ParquetLoad(wh, batch_id, contract, objects, changes, stats).Run();
}

}  // namespace ecomdw::staging
