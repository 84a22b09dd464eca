// The report's queries: each one SELECT over the published warehouse (marts
// first, core where no mart has the figure, ops for the last build's data
// quality), run read-only and returned as JSON rows for the page.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "warehouse/warehouse.h"

namespace ecomdw::report {

struct QueryTiming {
  std::string name;
  double ms = 0;
  size_t rows = 0;
};

struct ReportData {
  nlohmann::ordered_json datasets = nlohmann::ordered_json::object();  // name -> rows
  std::vector<QueryTiming> timings;
};

// Runs every report query. `sources` are the project's sources: their staging
// tables give each source's freshness (names quoted, never spliced raw).
// A missing mart or ops table is an error naming the query.
Result<ReportData> RunReportQueries(warehouse::Warehouse& wh, const std::vector<config::Source>& sources);

}  // namespace ecomdw::report
