// The empty warehouse a model test starts from: what a build has before its
// first model runs, with no rows. The staging contract is the project's own
// (ecomdw.toml's [sources.*] columns, as the loader creates staging.<source>),
// so a test's fixtures meet the same tables a real build fills.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "config/config.h"
#include "warehouse/warehouse.h"

namespace ecomdw::modeltest {

// Creates staging.<source> (and quarantine.<source>) for every source of
// `config`, the loader's ops tables and the model runner's ops tables
// (ops.pending_batches …) in `wh`. REQUIRES: `wh` is a scratch warehouse
// (project::Project::OpenScratch). Idempotent.
Status PrepareScratch(warehouse::Warehouse& wh, const config::Config& config);

// ops.pending_batches := `batches` (all: every distinct _batch_id of the
// project's staging.<source> tables), as a build sets it before the models.
Status SetTestBatches(warehouse::Warehouse& wh, const config::Config& config, bool all,
                      const std::vector<std::string>& batches);

}  // namespace ecomdw::modeltest
