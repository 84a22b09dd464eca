#include "metrics/project_metrics.h"

#include <chrono>
#include <memory>

#include "metrics/build_metrics.h"
#include "metrics/prometheus_text.h"
#include "metrics/run_results_file.h"
#include "metrics/warehouse_metrics.h"
#include "objectstore/file_util.h"

namespace ecomdw::metrics {
namespace {

namespace fs = std::filesystem;

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Family Gauge(std::string name, std::string help) {
  return Family{.name = std::move(name), .help = std::move(help), .type = MetricType::kGauge, .samples = {}};
}

// The latest build's families, from the run_results.json `ecomdw build` and
// `ecomdw run` write beside the project; none before the first.
Status AddLastBuild(const project::Project& project, Exposition* out) {
  ECOMDW_ASSIGN_OR_RETURN(std::optional<RunResultsFile> run, ReadRunResults(project));
  if (!run) return Status::OK();
  Result<std::vector<Family>> families = LastBuildFamilies(run->doc, run->written_at);
  if (!families.ok()) return families.status().WithContext(run->file.string());
  for (Family& f : *families) ECOMDW_TRY(out->Add(std::move(f)));
  return Status::OK();
}

Status AddPublished(const project::Project& project, Exposition* out) {
  if (project.target().type != config::TargetType::kDuckDb) return Status::OK();  // no generations to read
  ECOMDW_ASSIGN_OR_RETURN(project::Layout layout, project.Describe());
  bool published = !layout.published.empty();
  ECOMDW_TRY(out->Add(Gauge("ecomdw_published", "1 when a warehouse is published for readers, 0 before the first "
                                                "publish")
                          .Add({}, published ? 1 : 0)));
  if (!published) return Status::OK();
  ECOMDW_TRY(out->Add(Gauge("ecomdw_published_generation", "The generation number readers see (gen-NNNNNN)")
                          .Add({}, static_cast<double>(publish::Generations::NumberOf(layout.published)))));
  Result<std::unique_ptr<warehouse::Warehouse>> wh = project.OpenPublished();
  if (!wh.ok()) return wh.status();
  ECOMDW_ASSIGN_OR_RETURN(std::vector<Family> families,
                          PublishedFamilies(**wh, project.config(), NowSeconds()));
  for (Family& f : families) ECOMDW_TRY(out->Add(std::move(f)));
  return Status::OK();
}

}  // namespace

Result<std::string> ProjectMetricsText(const project::Project& project) {
  Exposition out;
  ECOMDW_TRY(out.Add(Gauge("ecomdw_info", "The ecomdw project these metrics are of (always 1)")
                         .Add({{"project", project.config().project_name},
                               {"target", project.target().name},
                               {"version", ECOMDW_VERSION}},
                              1)));
  ECOMDW_TRY(AddLastBuild(project, &out));
  ECOMDW_TRY(AddPublished(project, &out));
  return out.Text();
}

fs::path MetricsFilePath(const project::Project& project) {
  return project.config().Resolve(project.config().metrics.textfile);
}

Status WriteMetricsFile(const project::Project& project) {
  ECOMDW_ASSIGN_OR_RETURN(std::string text, ProjectMetricsText(project));
  return objectstore::WriteFileAtomically(MetricsFilePath(project), text);
}

}  // namespace ecomdw::metrics
