// The built-in project's own model tests (project/tests/**/*.test), each run
// through src/modeltest exactly as `ecomdw test` runs it: one scratch
// warehouse per file, the staging contract from project/ecomdw.toml.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "ecomdw_source_dir.h"
#include "modeltest/suite.h"

namespace ecomdw::modeltest {
namespace {

namespace fs = std::filesystem;

const fs::path kProject = fs::path(ECOMDW_SOURCE_DIR) / "project";

std::vector<std::string> BuiltInTests() {
  auto files = DiscoverTests(kProject, {});
  return files.ok() ? *files : std::vector<std::string>{};
}

class ModelTestBuiltIn : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelTestBuiltIn, Passes) {
  auto project = project::Project::Load(kProject, "");
  ASSERT_TRUE(project.ok()) << project.status().ToString();
  auto suite = RunTests(*project, {GetParam()});
  ASSERT_TRUE(suite.ok()) << suite.status().ToString();
  ASSERT_EQ(suite->files.size(), 1u);
  const FileResult& r = suite->files[0];
  EXPECT_EQ(r.file, GetParam());
  EXPECT_GT(r.steps, 1);
  if (r.failure) {
    ADD_FAILURE() << r.failure->where() << ": " << r.failure->step << ": " << r.failure->message << "\n"
                  << FormatDiff(r.failure->diff, "  ");
  }
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(std::string("tests/").size());
  name = name.substr(0, name.size() - std::string(".test").size());
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, ModelTestBuiltIn, ::testing::ValuesIn(BuiltInTests()), TestName);

// Every built-in model has a test of the same name (STYLE.md), and there
// are tests at all (an empty glob must not pass silently).
TEST(ModelTestBuiltInCoverage, EveryModelHasATest) {
  std::set<std::string> tests;
  for (const std::string& f : BuiltInTests()) tests.insert(fs::path(f).stem().string());
  ASSERT_GE(tests.size(), 20u) << "too few tests/**/*.test under " << kProject;
  int models = 0;
  for (const auto& e : fs::recursive_directory_iterator(kProject / "models")) {
    if (e.path().extension() != ".sql") continue;
    ++models;
    EXPECT_TRUE(tests.count(e.path().stem().string()))
        << "no tests/**/" << e.path().stem().string() << ".test for " << e.path().string();
  }
  EXPECT_GE(models, 20);
}

}  // namespace
}  // namespace ecomdw::modeltest
