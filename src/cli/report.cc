// `ecomdw report [--out FILE]`: writes the dashboard of the published
// warehouse as one self-contained HTML file (src/report/) and prints its path.
#include <nlohmann/json.hpp>

#include "cli/verbs.h"
#include "report/writer.h"

namespace ecomdw::cli {
namespace {

Status Report(const project::Project& project, const GlobalOptions& globals, const std::string& out) {
  ECOMDW_ASSIGN_OR_RETURN(report::ReportSummary s, report::WriteReport(project, out));
  if (globals.format == OutputFormat::kJson) {
    nlohmann::ordered_json queries = nlohmann::ordered_json::array();
    for (const auto& q : s.queries) queries.push_back({{"query", q.name}, {"rows", q.rows}, {"ms", q.ms}});
    nlohmann::ordered_json j = {{"file", s.file.string()}, {"bytes", s.bytes}, {"seconds", s.seconds},
                                {"queries", queries}};
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return Status::OK();
  }
  fmt::print("{}\n", s.file.string());
  fmt::print(stderr, "report: {:.2f} MB, {} queries, {:.2f} s\n", static_cast<double>(s.bytes) / 1e6,
             s.queries.size(), s.seconds);
  return Status::OK();
}

}  // namespace

void AddReportCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("report", "Write the dashboard of the published warehouse as one HTML file");
  auto out = std::make_shared<std::string>("report.html");
  sub->add_option("--out", *out, "Where to write the page (works offline, from any folder)")->capture_default_str();
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals, out] {
    *chosen = WithProject(globals, [globals, out](const project::Project& p) { return Report(p, *globals, *out); });
  });
}

}  // namespace ecomdw::cli
