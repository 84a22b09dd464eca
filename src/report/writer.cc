#include "report/writer.h"

#include <chrono>
#include <ctime>

#include "objectstore/file_util.h"
#include "report/assets.h"
#include "report/html_page.h"

namespace ecomdw::report {
namespace {

std::string UtcNow() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &utc);
  return buf;
}

}  // namespace

Result<RenderedReport> RenderReport(const project::Project& project) {
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::Warehouse> wh, project.OpenPublished());
  ECOMDW_ASSIGN_OR_RETURN(ReportData data, RunReportQueries(*wh, project.config().sources));
  wh.reset();

  std::string generation;
  if (Result<project::Layout> layout = project.Describe(); layout.ok() && !layout->published.empty()) {
    generation = layout->published.filename().string();
  } else {
    generation = project.target().name;
  }
  nlohmann::ordered_json payload = {
      {"meta",
       {{"project", project.config().project_name},
        {"generated_at", UtcNow()},
        {"warehouse", generation},
        {"ecomdw_version", ECOMDW_VERSION},
        {"echarts_version", std::string(kEchartsVersion)}}},
      {"data", std::move(data.datasets)}};
  const std::string name = project.config().project_name.empty() ? "ecomdw" : project.config().project_name;
  ECOMDW_ASSIGN_OR_RETURN(std::string html, RenderPage(name + " — ecomdw report", payload));
  return RenderedReport{.html = std::move(html), .queries = std::move(data.timings)};
}

Result<ReportSummary> WriteReport(const project::Project& project, const std::filesystem::path& out) {
  auto t0 = std::chrono::steady_clock::now();
  ECOMDW_ASSIGN_OR_RETURN(RenderedReport page, RenderReport(project));
  std::error_code ec;
  std::filesystem::path file = std::filesystem::absolute(out, ec);
  if (ec) return Status::InvalidArgument("report: bad output path {}: {}", out.string(), ec.message());
  ECOMDW_TRY(objectstore::WriteFileAtomically(file, page.html));
  ReportSummary summary{.file = file,
                        .bytes = static_cast<int64_t>(page.html.size()),
                        .seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                        .queries = std::move(page.queries)};
  return summary;
}

}  // namespace ecomdw::report
