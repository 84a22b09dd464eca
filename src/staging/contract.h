// A source's contract as the loader applies it: the configured columns plus
// what schema drift has added under the `evolve` policy, and the columns
// that identify a record version for duplicate detection.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "warehouse/warehouse.h"

namespace ecomdw::staging {

struct ContractColumn {
  std::string name;
  std::string type;      // SQL type
  bool element = false;  // a field of the exploded array's elements
  bool required = false;
  bool evolved = false;  // added by drift, not in ecomdw.toml
};

struct EffectiveContract {
  const config::Source* source = nullptr;
  std::vector<ContractColumn> columns;
  // business_key + updated_at: rows sharing these are one record version.
  std::vector<std::string> identity;

  std::vector<std::string> TopLevelNames() const;
  const ContractColumn* Find(const std::string& name) const;
};

// The contract of `source` extended by the evolved columns already present
// in staging.<source>. REQUIRES: EnsureSourceTables() ran for `source`.
Result<EffectiveContract> LoadEffectiveContract(warehouse::Warehouse& wh, const config::Source& source);

// Creates staging.<source>, quarantine.<source> and the ops tables the
// loader writes, if missing. Idempotent.
Status EnsureSourceTables(warehouse::Warehouse& wh, const config::Source& source);
Status EnsureLoaderOpsTables(warehouse::Warehouse& wh);

}  // namespace ecomdw::staging
