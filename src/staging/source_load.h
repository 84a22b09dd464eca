// Loading one source's objects of a batch: lines, layouts and drift,
// records, typing and rules, duplicates, and the reconciliation. Internal
// to the loader (loader.h), which owns the transaction.
#pragma once

#include <vector>

#include "staging/loader.h"

namespace ecomdw::staging {

Result<SourceLoadStats> LoadSource(warehouse::Warehouse& wh, const std::string& batch_id, const config::Source& source,
                                   const std::vector<const LandedObject*>& objects);

}  // namespace ecomdw::staging
