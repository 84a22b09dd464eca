// `ecomdw report`: the dashboard of the published warehouse as one
// self-contained HTML file. A reader like `query`: it never blocks a build.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/result.h"
#include "project/project.h"
#include "report/report_queries.h"

namespace ecomdw::report {

struct ReportSummary {
  std::filesystem::path file;  // absolute
  int64_t bytes = 0;
  double seconds = 0;          // queries + rendering + writing
  std::vector<QueryTiming> queries;
};

struct RenderedReport {
  std::string html;
  std::vector<QueryTiming> queries;
};

// Queries the published warehouse and renders the page (what WriteReport
// writes, and what `ecomdw serve` answers on /). NotFound before the first
// publish.
Result<RenderedReport> RenderReport(const project::Project& project);

// Queries the published warehouse and writes the page to `out` atomically
// (a reader of `out` sees the old page or the new one). NotFound before the
// first publish.
Result<ReportSummary> WriteReport(const project::Project& project, const std::filesystem::path& out);

}  // namespace ecomdw::report
