#include "staging/drift.h"

#include <algorithm>

namespace ecomdw::staging {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Parquet reports DuckDB type names; compare on the canonical spelling.
std::string BaseType(const std::string& t) {
  Result<SqlType> parsed = ParseSqlType(t);
  if (parsed.ok()) return parsed->ToSql();
  std::string u = t;
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char ch) { return std::toupper(ch); });
  return u;
}

// The layout's fields under their contract names where raw_names or the
// contract knows them, else as they are.
std::vector<std::string> MappedFields(const EffectiveContract& c, const ObjectLayout& layout) {
  std::vector<std::string> out;
  for (const std::string& f : layout.fields) {
    std::string col = c.ColumnForRawName(f);
    out.push_back(col.empty() ? f : col);
  }
  return out;
}

}  // namespace

std::vector<FieldChange> CompareWithContract(const EffectiveContract& c, const ObjectLayout& layout) {
  const config::Source& s = *c.source;
  const bool positional = s.format == "csv" || s.format == "parquet";
  const std::vector<std::string> fields = MappedFields(c, layout);
  std::vector<std::string> expected = c.TopLevelNames();
  std::vector<size_t> added;  // positions in fields
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!Contains(expected, fields[i]) && fields[i] != s.explode) added.push_back(i);
  }
  std::vector<std::string> removed;
  if (positional) {
    for (const ContractColumn& col : c.columns) {
      if (!col.element && !col.evolved && !Contains(fields, col.name)) removed.push_back(col.name);
    }
  }
  std::vector<FieldChange> changes;
  // A removed contract column whose position now holds an unknown field is a
  // rename. Positions are the configured column order.
  for (const std::string& gone : removed) {
    size_t pos = 0;
    for (const ContractColumn& col : c.columns) {
      if (col.name == gone) break;
      if (!col.element) ++pos;
    }
    auto it = std::find(added.begin(), added.end(), pos);
    if (positional && it != added.end()) {
      const std::string& now = layout.fields[pos];
      changes.push_back({"renamed", gone, now, "field " + std::to_string(pos + 1) + " is now \"" + now + "\""});
      added.erase(it);
    } else {
      changes.push_back({"removed", gone, "", "the object has no field \"" + gone + "\""});
    }
  }
  for (size_t pos : added) {
    const std::string& a = layout.fields[pos];
    changes.push_back({"added", a, "", "field \"" + a + "\" is not in the contract"});
  }
  if (s.format == "parquet") {
    for (size_t i = 0; i < fields.size() && i < layout.types.size(); ++i) {
      const ContractColumn* col = c.Find(fields[i]);
      if (col && !col->evolved && BaseType(col->type) != BaseType(layout.types[i])) {
        changes.push_back({"retyped", col->name, "", "contract " + col->type + ", object " + layout.types[i]});
      }
    }
  }
  return changes;
}

std::vector<int> FieldColumns(const EffectiveContract& c, const ObjectLayout& layout,
                              const std::vector<FieldChange>& changes) {
  std::vector<int> out;
  for (const std::string& f : layout.fields) {
    std::string col = c.ColumnForRawName(f);
    for (const FieldChange& ch : changes) {
      if (ch.change == "renamed" && ch.new_name == f) col = ch.column;
    }
    int idx = col.empty() ? -1 : c.IndexOf(col);
    if (idx >= 0 && c.columns[static_cast<size_t>(idx)].element) idx = -1;
    out.push_back(idx);
  }
  return out;
}

const char* PolicyName(config::DriftPolicy p) {
  switch (p) {
    case config::DriftPolicy::kFail: return "fail";
    case config::DriftPolicy::kEvolve: return "evolve";
    case config::DriftPolicy::kQuarantine: return "quarantine";
  }
  return "fail";
}

Status DriftFailure(const config::Source& s, const std::string& object_key, const std::vector<FieldChange>& changes) {
  const FieldChange& ch = changes.front();
  if (ch.change == "header_missing") {
    return Status::DataError("staging: {}: schema drift in source {}: {} (drift_policy = fail)", object_key, s.name,
                             ch.detail);
  }
  return Status::DataError("staging: {}: schema drift in source {}: column \"{}\" {}{} (drift_policy = fail)",
                           object_key, s.name, ch.column, ch.change,
                           ch.new_name.empty() ? "" : " to \"" + ch.new_name + "\"");
}

void ChangeLog::Add(const std::string& object_key, const std::vector<FieldChange>& changes, const std::string& action) {
  for (const FieldChange& ch : changes) entries_.push_back({object_key, ch, action});
}

Status ChangeLog::Write(warehouse::Warehouse& wh, const std::string& batch_id, const EffectiveContract& c) const {
  if (entries_.empty()) return Status::OK();
  ECOMDW_TRY(wh.Execute(
      "CREATE OR REPLACE TEMP TABLE stg_changes (seq BIGINT, object_key VARCHAR, change VARCHAR, "
      "column_name VARCHAR, new_name VARCHAR, detail VARCHAR, action VARCHAR)"));
  {
    ECOMDW_ASSIGN_OR_RETURN(auto writer, wh.OpenBulkWriter("main", "stg_changes"));
    int64_t seq = 0;
    for (const Entry& e : entries_) {
      ECOMDW_TRY(writer->AppendRow({seq++, e.object_key, e.change.change, e.change.column,
                                    e.change.new_name.empty() ? warehouse::Value{} : warehouse::Value{e.change.new_name},
                                    e.change.detail, e.action}));
    }
    ECOMDW_TRY(writer->Close());
  }
  // First sighting per (change, column, new name); header_missing per object.
  return wh
      .ExecuteParams(
          "INSERT INTO ops.schema_changes SELECT $1, $2, object_key, change, column_name, new_name, detail, $3, "
          "action, $4 FROM (SELECT *, row_number() OVER (PARTITION BY change, column_name, coalesce(new_name, ''), "
          "CASE WHEN change = 'header_missing' THEN object_key END ORDER BY seq) AS rn_ FROM temp.stg_changes) c "
          "WHERE rn_ = 1 AND NOT EXISTS (SELECT 1 FROM ops.schema_changes s WHERE s.source = $2 AND s.change = c.change "
          "AND s.column_name IS NOT DISTINCT FROM c.column_name AND coalesce(s.new_name, '') = coalesce(c.new_name, '') "
          "AND (c.change <> 'header_missing' OR s.object_key = c.object_key))",
          {batch_id, c.source->name, std::string(PolicyName(c.source->drift_policy)), warehouse::NowTimestamp()})
      .status();
}

}  // namespace ecomdw::staging
