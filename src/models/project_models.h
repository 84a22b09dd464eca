// Loading a project's models: every models/<schema>/<name>.sql under the
// project folder, parsed, with the tables each one reads.
#pragma once

#include <filesystem>
#include <vector>

#include "common/result.h"
#include "models/dag.h"
#include "warehouse/warehouse.h"

namespace ecomdw::models {

// REQUIRES: `parser` is a DuckDB session (used only to parse SQL).
Result<ModelGraph> LoadProjectModels(const std::filesystem::path& project_dir, warehouse::Warehouse& parser);

}  // namespace ecomdw::models
