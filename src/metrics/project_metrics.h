// A project's metrics in the Prometheus text format: what `ecomdw build` and
// `ecomdw run` write to the textfile after every build (for node_exporter's
// textfile collector) and what `ecomdw serve` answers on /metrics. One
// function makes both, so they say the same.
//
// The text holds, in this order:
//   ecomdw_info{project,version}          always
//   ecomdw_last_build_*                   from run_results.json, when a build ran (build_metrics.h)
//   ecomdw_published, _generation         whether a warehouse is published, and which generation
//   the published warehouse's families    when one is published (warehouse_metrics.h)
//
// A reader: it opens the published warehouse read-only (never blocks a
// build) and takes no lock. docs/monitoring.md lists every family.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.h"
#include "project/project.h"

namespace ecomdw::metrics {

// The exposition, measured now. Errors: DataError for a run_results.json
// that cannot be read as the build writes it (naming the key), the engine's
// errors from the published warehouse.
Result<std::string> ProjectMetricsText(const project::Project& project);

// Where the textfile goes: [metrics] textfile of ecomdw.toml, absolute
// (default <project>/.ecomdw/metrics/ecomdw.prom).
std::filesystem::path MetricsFilePath(const project::Project& project);

// Writes ProjectMetricsText() to MetricsFilePath() atomically (a collector
// reading it sees the old text or the new, never half), creating the folder.
Status WriteMetricsFile(const project::Project& project);

}  // namespace ecomdw::metrics
