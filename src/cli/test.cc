// `ecomdw test`: the project's model unit tests (tests/**/*.test, format in
// modeltest/test_file.h), each in a fresh scratch warehouse of the target's
// engine: a line per test file, then what failed with expected vs actual
// rows. Exit 0 when all pass, 1 when one fails, 2 for a malformed test file.
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

#include "cli/verbs.h"
#include "modeltest/suite.h"

namespace ecomdw::cli {
namespace {

std::string Indented(const std::string& text, const std::string& indent) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out += indent + text.substr(start, nl - start) + "\n";
    start = nl + 1;
  }
  return out;
}

void PrintLine(const modeltest::FileResult& r) {
  fmt::print("{:<6} {:>6.2f} s  {}\n", r.passed() ? "ok" : "FAILED", r.seconds, r.file);
  std::fflush(stdout);
}

void PrintFailure(const modeltest::FileResult& r) {
  const modeltest::Failure& f = *r.failure;
  fmt::print("\nFAILED {}\n  {}: {}: {}\n", r.file, f.where(), f.step, f.message);
  if (!f.sql.empty()) fmt::print("{}", Indented(f.sql, "    | "));
  if (f.has_rows) {
    fmt::print("  expected {} rows, got {} (- expected, missing; + returned, unexpected){}\n", f.expected.size(),
               f.actual.size(), f.columns.empty() ? ":" : ", columns:");
    if (!f.columns.empty()) fmt::print("    # {}\n", fmt::join(f.columns, "|"));
    fmt::print("{}", modeltest::FormatDiff(f.diff, "    "));
  }
}

nlohmann::json FailureJson(const modeltest::Failure& f) {
  nlohmann::json j = {{"file", f.file}, {"line", f.line}, {"where", f.where()}, {"step", f.step},
                      {"message", f.message}, {"sql", f.sql.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.sql)}};
  if (f.has_rows) {
    if (!f.columns.empty()) j["columns"] = f.columns;
    j["expected"] = f.expected;
    j["actual"] = f.actual;
    j["missing"] = f.diff.missing;
    j["unexpected"] = f.diff.unexpected;
  }
  return j;
}

void PrintJson(const modeltest::SuiteResult& s) {
  nlohmann::json tests = nlohmann::json::array();
  for (const modeltest::FileResult& r : s.files) {
    tests.push_back({{"file", r.file},
                     {"status", r.passed() ? "ok" : "failed"},
                     {"seconds", r.seconds},
                     {"steps", r.steps},
                     {"failure", r.failure ? FailureJson(*r.failure) : nlohmann::json(nullptr)}});
  }
  nlohmann::json j = {{"passed", s.passed}, {"failed", s.failed}, {"seconds", s.seconds}, {"tests", tests}};
  fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

Status RunTestVerb(const project::Project& project, const GlobalOptions& globals,
                   const std::vector<std::string>& select) {
  const bool text = globals.format != OutputFormat::kJson;
  ECOMDW_ASSIGN_OR_RETURN(
      modeltest::SuiteResult suite,
      modeltest::RunTests(project, select, [text](const modeltest::FileResult& r) {
        if (text) PrintLine(r);
      }));
  if (text) {
    for (const modeltest::FileResult& r : suite.files) {
      if (!r.passed()) PrintFailure(r);
    }
    fmt::print("\n{} passed, {} failed in {:.2f} s\n", suite.passed, suite.failed, suite.seconds);
  } else {
    PrintJson(suite);
  }
  if (suite.failed > 0) {
    return Status::CheckFailed("{} of {} model test files failed", suite.failed, suite.files.size());
  }
  return Status::OK();
}

}  // namespace

void AddTestCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand(
      "test", "Run the project's model unit tests (tests/**/*.test) in a scratch warehouse (exit 1 if one fails)");
  sub->footer("Exit codes: 0 every test passed, 1 a test failed, 2 a malformed test file (named file:line) or a "
              "--select matching none, 3 runtime error.\nFormat and examples: docs/model_tests.md.");
  auto select = std::make_shared<std::vector<std::string>>();
  sub->add_option("--select", *select,
                  "Test files to run: name (stg_orders), path (marts/customer_value.test), folder (core) or glob "
                  "(stg_*); repeatable")
      ->delimiter(',');
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals, select] {
    *chosen = WithProject(globals, [globals, select](const project::Project& p) {
      return RunTestVerb(p, *globals, *select);
    });
  });
}

}  // namespace ecomdw::cli
