#include "modeltest/suite.h"

#include <fnmatch.h>

#include <algorithm>
#include <chrono>

#include "modeltest/scratch.h"

namespace ecomdw::modeltest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kTestsDir = "tests";

bool Glob(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

bool Picks(std::string selector, const std::string& rel) {
  while (selector.size() > 1 && selector.back() == '/') selector.pop_back();
  const std::string inner = rel.substr(std::string(kTestsDir).size() + 1);  // without tests/
  const std::string stem = fs::path(rel).stem().string();
  for (const std::string& candidate : {rel, inner, stem}) {
    if (Glob(selector, candidate)) return true;
    if (candidate != stem && candidate.rfind(selector + "/", 0) == 0) return true;  // a folder
  }
  return false;
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

Result<std::vector<std::string>> DiscoverTests(const fs::path& project_dir, const std::vector<std::string>& select) {
  std::vector<std::string> all;
  const fs::path root = project_dir / kTestsDir;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".test") {
      all.push_back(fs::relative(it->path(), project_dir).generic_string());
    }
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Status::IOError("listing {}: {}", root.string(), ec.message());
  }
  if (all.empty()) {
    return Status::InvalidArgument("no model tests in {} (tests/**/*.test; docs/model_tests.md says how to write one)",
                                   root.string());
  }
  std::sort(all.begin(), all.end());
  if (select.empty()) return all;
  std::vector<std::string> picked;
  for (const std::string& s : select) {
    bool any = false;
    for (const std::string& f : all) {
      if (!Picks(s, f)) continue;
      any = true;
      if (std::find(picked.begin(), picked.end(), f) == picked.end()) picked.push_back(f);
    }
    if (!any) return Status::InvalidArgument("--select {}: no test file matches it under {}", s, root.string());
  }
  std::sort(picked.begin(), picked.end());
  return picked;
}

Result<SuiteResult> RunTests(const project::Project& project, const std::vector<std::string>& select,
                             const std::function<void(const FileResult&)>& on_file) {
  const config::Config& cfg = project.config();
  ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> files, DiscoverTests(cfg.project_dir, select));
  std::vector<std::vector<Step>> loaded;
  for (const std::string& f : files) {
    ECOMDW_ASSIGN_OR_RETURN(std::vector<Step> steps, LoadTestFile(cfg.project_dir, f));
    loaded.push_back(std::move(steps));
  }
  SuiteResult suite;
  const Clock::time_point suite_start = Clock::now();
  for (size_t i = 0; i < files.size(); ++i) {
    const Clock::time_point start = Clock::now();
    FileResult r{.file = files[i], .steps = static_cast<int>(loaded[i].size())};
    ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::Warehouse> wh, project.OpenScratch());
    ECOMDW_TRY(PrepareScratch(*wh, cfg).WithContext("preparing the scratch warehouse of " + files[i]));
    r.failure = Runner(*wh, cfg).Run(loaded[i]);
    r.seconds = SecondsSince(start);
    (r.passed() ? suite.passed : suite.failed)++;
    if (on_file) on_file(r);
    suite.files.push_back(std::move(r));
  }
  suite.seconds = SecondsSince(suite_start);
  return suite;
}

}  // namespace ecomdw::modeltest
