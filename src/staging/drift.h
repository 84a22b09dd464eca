// Schema drift: an object whose fields differ from its source's contract.
//
// Detected per object against the effective contract (ecomdw.toml plus
// columns evolved earlier). Raw field names are first mapped by the
// contract's raw_names ("Order ID" -> order_id), then compared: a field
// added, a contract field removed, a field renamed (a contract field
// missing and an unknown one in its position; CSV and Parquet only, since
// JSON has no positions), retyped (Parquet), or, for CSV, the header
// missing (line 1 is a record). The source's drift_policy decides: fail
// (DataError naming object and column), evolve (a new nullable VARCHAR
// column; a rename feeds the contract column; a headerless object is read
// by the contract's column order), or quarantine (every record of the
// object, reason schema_drift).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "staging/contract.h"

namespace ecomdw::staging {

struct FieldChange {
  std::string change;    // added | removed | renamed | retyped | header_missing
  std::string column;    // contract column (or the new field, for added)
  std::string new_name;  // renamed: the object's field name
  std::string detail;
};

struct ObjectLayout {
  std::string object_key;
  std::vector<std::string> fields;  // in object order (JSON: sorted keys)
  std::vector<std::string> types;   // Parquet only, parallel to fields
};

// What differs between `layout` and the contract.
std::vector<FieldChange> CompareWithContract(const EffectiveContract& contract, const ObjectLayout& layout);

// Where each field of `layout` goes: the index of its contract column, or
// -1 (a field outside the contract, `added` in `changes`). Applies raw_names
// and the renames in `changes`.
std::vector<int> FieldColumns(const EffectiveContract& contract, const ObjectLayout& layout,
                              const std::vector<FieldChange>& changes);

// "fail" | "evolve" | "quarantine".
const char* PolicyName(config::DriftPolicy p);

// The DataError of drift_policy = fail for the first of `changes`.
Status DriftFailure(const config::Source& source, const std::string& object_key, const std::vector<FieldChange>& changes);

// The changes of a batch and source, written in one statement: each change
// is recorded in ops.schema_changes the first time it is seen for the
// source (header_missing: for every object it happens to), with the action
// the policy took.
class ChangeLog {
 public:
  void Add(const std::string& object_key, const std::vector<FieldChange>& changes, const std::string& action);
  bool empty() const { return entries_.empty(); }
  Status Write(warehouse::Warehouse& wh, const std::string& batch_id, const EffectiveContract& contract) const;

 private:
  struct Entry {
    std::string object_key;
    FieldChange change;
    std::string action;
  };
  std::vector<Entry> entries_;
};

}  // namespace ecomdw::staging
