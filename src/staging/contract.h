// A source's contract as the loader applies it: the configured columns plus
// what schema drift has added under the `evolve` policy, each with its
// parsed type, and the columns that identify a record version.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/sql_type.h"
#include "config/config.h"
#include "warehouse/warehouse.h"

namespace ecomdw::staging {

struct ContractColumn {
  std::string name;
  std::string type;      // canonical SQL spelling (SqlType::ToSql())
  SqlType sql_type;
  bool element = false;  // a field of the exploded array's elements
  bool required = false;
  bool evolved = false;  // added by drift, not in ecomdw.toml
};

struct EffectiveContract {
  const config::Source* source = nullptr;
  std::vector<ContractColumn> columns;
  // business_key + updated_at: records sharing these are one record
  // version. Top-level columns only.
  std::vector<std::string> identity;

  std::vector<std::string> TopLevelNames() const;
  const ContractColumn* Find(const std::string& name) const;
  // Index in `columns`, or -1.
  int IndexOf(const std::string& name) const;
  // The contract column a raw field name feeds: the source's raw_names
  // mapping first, then the column of that name. Empty when none.
  std::string ColumnForRawName(const std::string& raw) const;
};

// The contract of `source` extended by the evolved columns already present
// in staging.<source>. REQUIRES: EnsureSourceTables() ran for `source`.
// InvalidArgument when a type is outside the grammar of common/sql_type.h
// or an identity column is an element column.
Result<EffectiveContract> LoadEffectiveContract(warehouse::Warehouse& wh, const config::Source& source);

// Creates staging.<source>, quarantine.<source> and the ops tables the
// loader writes, if missing; adds the reconciliation columns newer loaders
// write to an older ops.reconciliation. Idempotent.
Status EnsureSourceTables(warehouse::Warehouse& wh, const config::Source& source);
Status EnsureLoaderOpsTables(warehouse::Warehouse& wh);

}  // namespace ecomdw::staging
