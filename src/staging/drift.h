// Schema drift: an object whose fields differ from its source's contract.
//
// Detected per object against the effective contract (ecomdw.toml plus
// columns evolved earlier): a field added, a contract field removed, or a
// field renamed (a contract field missing and a new one in its position;
// CSV and Parquet only, since JSON has no positions), or retyped (Parquet).
// The source's drift_policy decides: fail (DataError naming object and
// column), evolve (new nullable VARCHAR column; a rename feeds the contract
// column), or quarantine (every record of the object).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "staging/contract.h"
#include "staging/record_sql.h"

namespace ecomdw::staging {

struct FieldChange {
  std::string change;       // added | removed | renamed | retyped
  std::string column;       // contract column (or the new field, for added)
  std::string new_name;     // renamed: the object's field name
  std::string detail;
};

struct ObjectLayout {
  std::string object_key;
  std::vector<std::string> fields;  // in object order (JSON: sorted keys)
  std::vector<std::string> types;   // Parquet only, parallel to fields
};

// What differs between `layout` and the contract.
std::vector<FieldChange> CompareWithContract(const EffectiveContract& contract, const ObjectLayout& layout);

// The group (field mapping) that reads `layout` under the contract, with
// renames applied. REQUIRES: added fields already evolved when they should
// be read.
ObjectGroup GroupFor(const EffectiveContract& contract, const ObjectLayout& layout, int id);

// Records `changes` of one object in ops.schema_changes (the first time each
// change is seen for the source) with the action the policy took.
Status RecordChanges(warehouse::Warehouse& wh, const std::string& batch_id, const EffectiveContract& contract,
                     const std::string& object_key, const std::vector<FieldChange>& changes,
                     const std::string& action);

}  // namespace ecomdw::staging
