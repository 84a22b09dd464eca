// The warehouse a build writes: the unpublished color of the project's
// blue/green pair (publish/blue_green.h), opened exclusively under the build
// lock and brought level with the published one's ledger and history.
#pragma once

#include <filesystem>
#include <memory>

#include "common/result.h"
#include "config/config.h"
#include "publish/blue_green.h"
#include "publish/build_lock.h"
#include "warehouse/warehouse.h"

namespace ecomdw::pipeline {

struct WorkWarehouse {
  publish::BuildLock lock;
  publish::BlueGreen colors;
  std::filesystem::path published;  // empty before the first publish
  std::filesystem::path work;
  std::unique_ptr<warehouse::Warehouse> wh;
};

// Takes the build lock (Conflict when another build runs), opens the work
// file with the workgroup's local limits, and copies into it the ledger,
// batch, run and check history rows it lacks from the published file.
// InvalidArgument unless the target is a DuckDB target.
Result<WorkWarehouse> OpenWorkWarehouse(const config::Config& cfg, const std::string& target_name);

// The published warehouse, read-only, for readers (query, report, checks on
// demand). NotFound before the first publish.
Result<std::unique_ptr<warehouse::Warehouse>> OpenPublished(const config::Config& cfg, const std::string& target_name);

}  // namespace ecomdw::pipeline
