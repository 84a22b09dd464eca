// Running checks: count the failing rows, sample a few, classify, record.
#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "quality/check_results.h"
#include "quality/checks.h"

namespace ecomdw::quality {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

constexpr int kSampleRows = 5;

CheckResult RunOne(warehouse::Warehouse& wh, const Check& check) {
  CheckResult r;
  r.check = check;
  r.sample_json = "[]";
  const auto start = Clock::now();
  // Counting first keeps the common case (pass) to one scan without
  // materializing rows; only a failing check pays for the sample.
  auto count = wh.Query(fmt::format("SELECT count(*) FROM ({}) AS _failing", check.sql));
  if (!count.ok()) {
    r.status = CheckStatus::kError;
    r.error = count.status().message();
    r.duration_ms = MsSince(start);
    return r;
  }
  const warehouse::Value& n = count->Scalar();
  r.failing_rows = std::holds_alternative<int64_t>(n) ? std::get<int64_t>(n) : 0;
  if (r.failing_rows > 0) {
    auto sample = wh.Query(fmt::format("SELECT * FROM ({}) AS _failing LIMIT {}", check.sql, kSampleRows));
    if (sample.ok()) {
      r.sample_json = SampleToJson(*sample);
    } else {
      r.error = "sample: " + sample.status().message();
    }
    r.status = check.severity == Severity::kError ? CheckStatus::kFail : CheckStatus::kWarn;
  }
  r.duration_ms = MsSince(start);
  return r;
}

}  // namespace

Result<CheckRunSummary> RunChecks(warehouse::Warehouse& wh, const std::vector<Check>& checks,
                                  const std::string& run_id, const std::vector<std::string>& select,
                                  const RunChecksOptions& options) {
  ECOMDW_ASSIGN_OR_RETURN(std::vector<Check> selected, SelectChecks(checks, select));
  CheckRunSummary summary;
  summary.run_id = run_id;
  const auto start = Clock::now();
  for (const Check& c : selected) {
    CheckResult r = RunOne(wh, c);
    switch (r.status) {
      case CheckStatus::kPass: ++summary.passed; break;
      case CheckStatus::kWarn: ++summary.warned; break;
      case CheckStatus::kFail: ++summary.failed; break;
      case CheckStatus::kError: ++summary.errored; break;
    }
    spdlog::debug("check {}: {} ({} failing rows, {:.1f} ms)", c.name, CheckStatusName(r.status), r.failing_rows,
                  r.duration_ms);
    summary.results.push_back(std::move(r));
  }
  summary.duration_ms = MsSince(start);
  if (options.record) ECOMDW_TRY(RecordCheckResults(wh, summary, options.in_transaction));
  return summary;
}

}  // namespace ecomdw::quality
