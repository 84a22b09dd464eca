// `ecomdw check`: run the project's data-quality checks (checks/**.toml) on
// demand against the published warehouse, save the run as one of its own
// (.ecomdw/runs/<run_id>.json, folded into ops.check_results by the next
// build or run: quality/check_run_store.h says why), and exit 1 when a check
// of severity error fails.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <random>

#include "cli/verbs.h"
#include "config/config.h"
#include "quality/check_run_store.h"
#include "quality/checks.h"

namespace ecomdw::cli {
namespace {

struct CheckFlags {
  std::vector<std::string> select;
  std::string run_id;
};

std::string DefaultRunId() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &utc);
  std::mt19937_64 rng(std::random_device{}());
  return fmt::format("check-{}-{:04x}", buf, rng() & 0xffff);  // two checks in one second differ
}

void PrintText(const quality::CheckRunSummary& s, const std::string& saved) {
  size_t width = 5;
  for (const auto& r : s.results) width = std::max(width, r.check.name.size());
  fmt::print("{:<{}}  {:<8} {:<6} {:>12} {:>10}\n", "check", width, "severity", "status", "failing_rows", "ms");
  for (const auto& r : s.results) {
    fmt::print("{:<{}}  {:<8} {:<6} {:>12} {:>10.1f}\n", r.check.name, width, quality::SeverityName(r.check.severity),
               quality::CheckStatusName(r.status), r.failing_rows, r.duration_ms);
  }
  for (const auto& r : s.results) {
    if (r.status == quality::CheckStatus::kPass) continue;
    fmt::print("\n{} {} ({}:{}, {})\n", quality::CheckStatusName(r.status), r.check.name, r.check.file, r.check.line,
               quality::CheckTypeName(r.check.type));
    if (!r.error.empty()) fmt::print("  error: {}\n", r.error);
    if (r.failing_rows > 0) fmt::print("  {} failing rows; sample: {}\n", r.failing_rows, r.sample_json);
  }
  fmt::print("\n{} passed, {} warned, {} failed, {} errored in {:.2f} s (run {}, saved in {}; the next build or run "
             "records it in ops.check_results)\n",
             s.passed, s.warned, s.failed, s.errored, s.duration_ms / 1000.0, s.run_id, saved);
}

void PrintJson(const quality::CheckRunSummary& s, const std::string& saved) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& r : s.results) {
    nlohmann::json sample = nlohmann::json::parse(r.sample_json, nullptr, /*allow_exceptions=*/false);
    results.push_back({{"check", r.check.name},
                       {"table", r.check.table_name()},
                       {"type", std::string(quality::CheckTypeName(r.check.type))},
                       {"severity", std::string(quality::SeverityName(r.check.severity))},
                       {"status", std::string(quality::CheckStatusName(r.status))},
                       {"failing_rows", r.failing_rows},
                       {"sample", sample.is_discarded() ? nlohmann::json::array() : sample},
                       {"error", r.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error)},
                       {"duration_ms", r.duration_ms},
                       {"file", fmt::format("{}:{}", r.check.file, r.check.line)}});
  }
  nlohmann::json j = {{"run_id", s.run_id},       {"passed", s.passed},   {"warned", s.warned},
                      {"failed", s.failed},       {"errored", s.errored}, {"duration_ms", s.duration_ms},
                      {"saved", saved},           {"results", results}};
  fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

Status RunCheckVerb(const project::Project& project, const GlobalOptions& globals, const CheckFlags& flags) {
  const config::Config& cfg = project.config();
  ECOMDW_ASSIGN_OR_RETURN(std::vector<quality::Check> checks, quality::LoadChecks(cfg.project_dir));
  // On demand, checks read the published warehouse without writing to it
  // (readers share it); the run is saved beside the project instead.
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::Warehouse> wh, project.OpenPublished());
  wh->SetStatementTimeout(config::MapWorkgroupToThisMachine(cfg.workgroup).query_time_limit);
  const std::string run_id = flags.run_id.empty() ? DefaultRunId() : flags.run_id;
  ECOMDW_ASSIGN_OR_RETURN(quality::CheckRunSummary summary,
                          quality::RunChecks(*wh, checks, run_id, flags.select, {.record = false}));
  std::string arguments = "check";
  for (size_t i = 0; i < flags.select.size(); ++i) arguments += (i == 0 ? " --select " : ",") + flags.select[i];
  if (!flags.run_id.empty()) arguments += " --run-id " + flags.run_id;
  ECOMDW_ASSIGN_OR_RETURN(std::filesystem::path saved, quality::SaveCheckRun(project.state_dir(), summary, arguments));
  const std::string shown = std::filesystem::relative(saved, cfg.project_dir).generic_string();
  if (globals.format == OutputFormat::kJson) {
    PrintJson(summary, shown);
  } else {
    PrintText(summary, shown);
  }
  if (summary.HasErrorFailures()) {
    return Status::CheckFailed("{} error check(s) failed, {} could not run", summary.failed, summary.errored);
  }
  return Status::OK();
}

}  // namespace

void AddCheckCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("check", "Run data-quality checks on demand (exit 1 if an error check fails)");
  auto flags = std::make_shared<CheckFlags>();
  sub->add_option("--select", flags->select, "Checks to run: check name, schema.table or table (repeatable)")
      ->delimiter(',');
  sub->add_option("--run-id", flags->run_id,
                  "Run id of this check run in .ecomdw/runs/ and ops.check_results (default: check-<UTC time>-<hex>)");
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals, flags] {
    *chosen = WithProject(globals, [globals, flags](const project::Project& p) { return RunCheckVerb(p, *globals, *flags); });
  });
}

}  // namespace ecomdw::cli
