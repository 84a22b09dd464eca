// The latest build's metrics (`ecomdw_last_build_*`), from its run results:
// the document `ecomdw build` and `ecomdw run` write to run_results.json
// (cli/build.cc), published or not. Read from that file, so the textfile
// written after a build and `ecomdw serve`'s /metrics say the same.
//
// Every family is a gauge about that one build (docs/monitoring.md lists
// them): outcome, duration in total and per stage, objects and bytes landed,
// records raw / staged / duplicate per source, quarantined per source and
// reason, checks per result and failures per severity, models per status
// and their durations.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "common/result.h"
#include "metrics/prometheus_text.h"

namespace ecomdw::metrics {

// `run_results`: the parsed run_results.json; `finished_at`: when it was
// written (Unix seconds; the build's end). DataError naming the key when a
// field the metrics need is missing or of the wrong type.
Result<std::vector<Family>> LastBuildFamilies(const nlohmann::json& run_results, double finished_at);

}  // namespace ecomdw::metrics
