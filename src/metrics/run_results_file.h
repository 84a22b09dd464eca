// run_results.json, the record `ecomdw build` and `ecomdw run` leave beside
// the project of their latest run (written by cli/build.cc, as dbt's
// run_results.json), read back for the metrics and /healthz.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>

#include "common/result.h"
#include "project/project.h"

namespace ecomdw::metrics {

struct RunResultsFile {
  std::filesystem::path file;
  nlohmann::json doc;
  double written_at = 0;  // Unix seconds: when the run finished
};

// nullopt before the first build or run. DataError when the file is not
// JSON; IOError when it cannot be read.
Result<std::optional<RunResultsFile>> ReadRunResults(const project::Project& project);

}  // namespace ecomdw::metrics
