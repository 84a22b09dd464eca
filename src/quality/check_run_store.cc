#include "quality/check_run_store.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "objectstore/file_util.h"

namespace ecomdw::quality {
namespace fs = std::filesystem;
namespace {

bool IsPlainFileName(const std::string& s) {
  if (s.empty() || s.size() > 200 || s[0] == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

Result<nlohmann::json> ReadRun(const fs::path& file) {
  ECOMDW_ASSIGN_OR_RETURN(std::string text, objectstore::ReadWholeFile(file));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("run_id") || !j["run_id"].is_string() ||
      !j.contains("results") || !j["results"].is_array()) {
    return Status::InvalidArgument("{}: not a saved check run", file.string());
  }
  return j;
}

std::vector<fs::path> RunFiles(const fs::path& state_dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::directory_iterator(CheckRunsDir(state_dir), ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->path().extension() == ".json" && !objectstore::IsTemporaryName(name)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// One saved run into ops.check_results, unless its run id is there already.
Status FoldOne(warehouse::Warehouse& wh, const nlohmann::json& run) {
  const std::string run_id = run["run_id"].get<std::string>();
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult seen,
                          wh.Query("SELECT count(*) FROM ops.check_results WHERE run_id = $1", {run_id}));
  if (std::get<int64_t>(seen.Scalar()) > 0) return Status::OK();
  const warehouse::Timestamp at{run.value("finished_at_micros", int64_t{0})};
  ECOMDW_TRY(wh.Begin());
  for (const nlohmann::json& r : run["results"]) {
    const std::string error = Str(r, "error");
    Result<int64_t> n = wh.ExecuteParams(
        "INSERT INTO ops.check_results VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        {run_id, Str(r, "check_name"), Str(r, "table_name"), Str(r, "check_type"), Str(r, "severity"),
         Str(r, "status"), r.value("failing_rows", int64_t{0}), Str(r, "sample"),
         error.empty() ? warehouse::Value() : warehouse::Value(error), r.value("duration_ms", 0.0), at,
         Str(r, "check_sql")});
    if (!n.ok()) {
      (void)wh.Rollback();  // the insert's error is the one to report
      return n.status().WithContext(fmt::format("folding saved check run {} into ops.check_results", run_id));
    }
  }
  return wh.Commit();
}

}  // namespace

fs::path CheckRunsDir(const fs::path& state_dir) { return state_dir / "runs"; }

Result<fs::path> SaveCheckRun(const fs::path& state_dir, const CheckRunSummary& summary,
                              const std::string& arguments) {
  if (!IsPlainFileName(summary.run_id)) {
    return Status::InvalidArgument("run id \"{}\": use letters, digits, '.', '-' and '_' only", summary.run_id);
  }
  const warehouse::Timestamp now = warehouse::NowTimestamp();
  nlohmann::json results = nlohmann::json::array();
  for (const CheckResult& r : summary.results) {
    results.push_back({{"check_name", r.check.name},
                       {"table_name", r.check.table_name()},
                       {"check_type", std::string(CheckTypeName(r.check.type))},
                       {"severity", std::string(SeverityName(r.check.severity))},
                       {"status", std::string(CheckStatusName(r.status))},
                       {"failing_rows", r.failing_rows},
                       {"sample", r.sample_json},
                       {"error", r.error},
                       {"duration_ms", r.duration_ms},
                       {"check_sql", r.check.sql}});
  }
  nlohmann::json j = {{"run_id", summary.run_id},
                      {"kind", "check"},
                      {"arguments", arguments},
                      {"finished_at", warehouse::ValueToString(now)},
                      {"finished_at_micros", now.micros},
                      {"passed", summary.passed},
                      {"warned", summary.warned},
                      {"failed", summary.failed},
                      {"errored", summary.errored},
                      {"duration_ms", summary.duration_ms},
                      {"results", results}};
  const fs::path file = CheckRunsDir(state_dir) / (summary.run_id + ".json");
  std::error_code ec;
  if (fs::exists(file, ec)) return Status::InvalidArgument("run id {} is taken ({})", summary.run_id, file.string());
  ECOMDW_TRY(objectstore::WriteFileAtomically(
      file, j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
  return file;
}

std::vector<SavedCheckRun> ListSavedCheckRuns(const fs::path& state_dir) {
  std::vector<SavedCheckRun> out;
  for (const fs::path& file : RunFiles(state_dir)) {
    Result<nlohmann::json> j = ReadRun(file);
    if (!j.ok()) {
      spdlog::warn("{}", j.status().ToString());
      continue;
    }
    SavedCheckRun r{.file = file, .run_id = Str(*j, "run_id"), .arguments = Str(*j, "arguments"),
                    .finished_at = Str(*j, "finished_at")};
    r.passed = j->value("passed", 0);
    r.warned = j->value("warned", 0);
    r.failed = j->value("failed", 0);
    r.errored = j->value("errored", 0);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<fs::path>> FoldSavedCheckRuns(warehouse::Warehouse& wh, const fs::path& state_dir) {
  std::vector<fs::path> folded;
  std::vector<fs::path> files = RunFiles(state_dir);
  if (files.empty()) return folded;
  ECOMDW_TRY(EnsureCheckResultsTable(wh));
  for (const fs::path& file : files) {
    Result<nlohmann::json> j = ReadRun(file);
    if (!j.ok()) {
      spdlog::warn("{} (left in place)", j.status().ToString());
      continue;
    }
    ECOMDW_TRY(FoldOne(wh, *j));
    folded.push_back(file);
  }
  return folded;
}

void RemoveSavedCheckRuns(const std::vector<fs::path>& files) {
  for (const fs::path& f : files) {
    std::error_code ec;
    fs::remove(f, ec);
    if (ec) spdlog::warn("could not remove folded check run {}: {}", f.string(), ec.message());
  }
}

}  // namespace ecomdw::quality
