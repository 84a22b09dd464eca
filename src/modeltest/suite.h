// A project's model tests as a suite: find tests/**/*.test, pick those a
// --select names, load them all (a malformed file stops the suite before
// anything runs), and run each in a fresh scratch warehouse of the project's
// target engine (project::Project::OpenScratch; never the published one).
// `ecomdw test` (cli/test.cc) prints the result.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "modeltest/runner.h"
#include "project/project.h"

namespace ecomdw::modeltest {

struct FileResult {
  std::string file;  // project-relative: tests/marts/daily_sales_by_channel.test
  double seconds = 0;
  int steps = 0;     // steps of the file, includes resolved
  std::optional<Failure> failure;
  bool passed() const { return !failure.has_value(); }
};

struct SuiteResult {
  std::vector<FileResult> files;  // in file order
  int passed = 0;
  int failed = 0;
  double seconds = 0;
};

// Every tests/**/*.test of `project_dir`, project-relative, sorted. A
// selector picks a file when it is the file's name without .test
// ("stg_orders"), its path with or without the leading tests/
// ("marts/customer_value.test"), a folder holding it ("marts", "tests/core"),
// or a glob (fnmatch) over the name or either path ("stg_*", "core/dim_*").
// Empty `select`: every file. InvalidArgument when there is no test at all,
// or naming a selector that picks none.
Result<std::vector<std::string>> DiscoverTests(const std::filesystem::path& project_dir,
                                               const std::vector<std::string>& select);

// Runs the selected tests one after another, each in its own scratch
// warehouse (PrepareScratch, then Runner), calling `on_file` after each
// (progress; may be empty). OK with the results whether tests passed or
// failed; InvalidArgument (naming file:line) when a test file is malformed,
// before any test ran; other codes when a scratch warehouse cannot be made.
Result<SuiteResult> RunTests(const project::Project& project, const std::vector<std::string>& select,
                             const std::function<void(const FileResult&)>& on_file = {});

}  // namespace ecomdw::modeltest
