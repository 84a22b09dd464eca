#include "staging/drift.h"

#include <algorithm>
#include <chrono>

namespace ecomdw::staging {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Parquet reports DuckDB type names; compare on the base name so that
// DECIMAL(12,2) matches DECIMAL(12,2) and VARCHAR matches VARCHAR.
std::string BaseType(std::string t) {
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char ch) { return std::toupper(ch); });
  if (t == "TIMESTAMP WITH TIME ZONE") return "TIMESTAMPTZ";
  return t;
}

}  // namespace

std::vector<FieldChange> CompareWithContract(const EffectiveContract& c, const ObjectLayout& layout) {
  const config::Source& s = *c.source;
  const bool positional = s.format == "csv" || s.format == "parquet";
  std::vector<std::string> expected = c.TopLevelNames();
  std::vector<std::string> added, removed;
  for (const std::string& f : layout.fields) {
    if (!Contains(expected, f) && f != s.explode) added.push_back(f);
  }
  if (positional) {
    for (const ContractColumn& col : c.columns) {
      if (!col.element && !col.evolved && !Contains(layout.fields, col.name)) removed.push_back(col.name);
    }
  }
  std::vector<FieldChange> changes;
  // A removed contract column whose position now holds an added field is a
  // rename. Positions are the configured column order.
  for (const std::string& gone : removed) {
    size_t pos = 0;
    for (const ContractColumn& col : c.columns) {
      if (col.name == gone) break;
      if (!col.element) ++pos;
    }
    if (positional && pos < layout.fields.size() && Contains(added, layout.fields[pos])) {
      const std::string& now = layout.fields[pos];
      changes.push_back({"renamed", gone, now, "field " + std::to_string(pos + 1) + " is now \"" + now + "\""});
      added.erase(std::find(added.begin(), added.end(), now));
    } else {
      changes.push_back({"removed", gone, "", "the object has no field \"" + gone + "\""});
    }
  }
  for (const std::string& a : added) changes.push_back({"added", a, "", "field \"" + a + "\" is not in the contract"});
  if (s.format == "parquet") {
    for (size_t i = 0; i < layout.fields.size() && i < layout.types.size(); ++i) {
      const ContractColumn* col = c.Find(layout.fields[i]);
      if (col && !col->evolved && BaseType(col->type) != BaseType(layout.types[i])) {
        changes.push_back({"retyped", col->name, "", "contract " + col->type + ", object " + layout.types[i]});
      }
    }
  }
  return changes;
}

ObjectGroup GroupFor(const EffectiveContract& c, const ObjectLayout& layout, int id) {
  ObjectGroup g;
  g.id = id;
  g.fields = layout.fields;
  for (const ContractColumn& col : c.columns) {
    if (col.element || Contains(layout.fields, col.name)) g.source_field[col.name] = col.name;
  }
  for (const FieldChange& ch : CompareWithContract(c, layout)) {
    if (ch.change == "renamed") g.source_field[ch.column] = ch.new_name;
  }
  return g;
}

Status RecordChanges(warehouse::Warehouse& wh, const std::string& batch_id, const EffectiveContract& c,
                     const std::string& object_key, const std::vector<FieldChange>& changes,
                     const std::string& action) {
  const char* policy = c.source->drift_policy == config::DriftPolicy::kFail      ? "fail"
                       : c.source->drift_policy == config::DriftPolicy::kEvolve ? "evolve"
                                                                                 : "quarantine";
  const warehouse::Timestamp now = warehouse::NowTimestamp();
  for (const FieldChange& ch : changes) {
    ECOMDW_ASSIGN_OR_RETURN(
        int64_t inserted,
        wh.ExecuteParams(
            "INSERT INTO ops.schema_changes SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 WHERE NOT EXISTS "
            "(SELECT 1 FROM ops.schema_changes WHERE source = $2 AND change = $4 AND column_name = $5 "
            "AND coalesce(new_name, '') = coalesce($6, ''))",
            {batch_id, c.source->name, object_key, ch.change, ch.column,
             ch.new_name.empty() ? warehouse::Value{} : warehouse::Value{ch.new_name}, ch.detail,
             std::string(policy), action, now}));
    (void)inserted;
  }
  return Status::OK();
}

}  // namespace ecomdw::staging
