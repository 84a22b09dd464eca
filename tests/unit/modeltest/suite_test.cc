// A project's model tests as a suite (modeltest/suite.h): which files a
// --select picks, a malformed file stopping everything before a test runs,
// and passing and failing files counted, each in its own scratch warehouse.
#include "modeltest/suite.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "ecomdw_source_dir.h"
#include "objectstore/file_util.h"

namespace ecomdw::modeltest {
namespace {

namespace fs = std::filesystem;

const fs::path kBuiltIn = fs::path(ECOMDW_SOURCE_DIR) / "project";

using Files = std::vector<std::string>;

Files Discover(const std::vector<std::string>& select) {
  auto files = DiscoverTests(kBuiltIn, select);
  EXPECT_TRUE(files.ok()) << files.status().ToString();
  return files.ok() ? *files : Files{};
}

TEST(ModelTestSuite, SelectorsPickByNamePathFolderOrGlob) {
  Files all = Discover({});
  ASSERT_GE(all.size(), 20u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  for (const std::string& f : all) EXPECT_EQ(f.rfind("tests/", 0), 0u) << f;  // fixtures are not tests
  EXPECT_EQ(Discover({"stg_orders"}), (Files{"tests/staging/stg_orders.test"}));
  EXPECT_EQ(Discover({"marts/customer_value.test"}), (Files{"tests/marts/customer_value.test"}));
  EXPECT_EQ(Discover({"tests/marts/customer_value.test"}), (Files{"tests/marts/customer_value.test"}));
  EXPECT_EQ(Discover({"marts"}).size(), 5u);
  EXPECT_EQ(Discover({"tests/marts/"}).size(), 5u);
  EXPECT_EQ(Discover({"core/dim_*"}).size(), 6u);
  EXPECT_EQ(Discover({"dim_customer*", "stg_orders", "dim_customer"}),
            (Files{"tests/core/dim_customer.test", "tests/core/dim_customer_pii.test", "tests/staging/stg_orders.test"}));
  auto none = DiscoverTests(kBuiltIn, {"stg_orders", "no_such_model"});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(none.status().message().find("--select no_such_model: no test file matches"), std::string::npos);
}

// A copy of the built-in project's config and models with tests of our own.
class ModelTestSuiteProject : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ecomdw_modeltest_suite_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy_file(kBuiltIn / "ecomdw.toml", dir_ / "ecomdw.toml");
    fs::copy(kBuiltIn / "models", dir_ / "models", fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& rel, const std::string& text) {
    ASSERT_TRUE(objectstore::WriteFileAtomically(dir_ / rel, text).ok());
  }
  Result<SuiteResult> Run(std::vector<std::string> select = {}) {
    auto p = project::Project::Load(dir_, "");
    if (!p.ok()) return p.status();
    return RunTests(*p, select, [this](const FileResult& r) { seen_.push_back(r.file); });
  }
  fs::path dir_;
  Files seen_;
};

TEST_F(ModelTestSuiteProject, NoTestsAtAllIsAUsageError) {
  auto r = Run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("no model tests in"), std::string::npos) << r.status().message();
}

TEST_F(ModelTestSuiteProject, PassingAndFailingFilesAreCountedEachInAFreshWarehouse) {
  const std::string channels = "build\n\nquery I\nSELECT count(*) FROM core.dim_sales_channel\n----\n";
  Write("tests/a_pass.test", "statement ok\nCREATE TABLE leftover (a INTEGER)\n\n" + channels + "6\n");
  Write("tests/b_fail.test", channels + "7\n");
  // A fresh warehouse: a's table is gone, so creating it again succeeds.
  Write("tests/c_fresh.test", "statement ok\nCREATE TABLE leftover (a INTEGER)\n");
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->passed, 2);
  EXPECT_EQ(r->failed, 1);
  EXPECT_EQ(seen_, (Files{"tests/a_pass.test", "tests/b_fail.test", "tests/c_fresh.test"}));
  ASSERT_EQ(r->files.size(), 3u);
  EXPECT_TRUE(r->files[0].passed());
  ASSERT_FALSE(r->files[1].passed());
  EXPECT_EQ(r->files[1].failure->where(), "tests/b_fail.test:3");
  EXPECT_EQ(r->files[1].failure->diff.missing, (Files{"7"}));
  EXPECT_EQ(r->files[1].failure->diff.unexpected, (Files{"6"}));
  EXPECT_TRUE(r->files[2].passed()) << r->files[2].failure->message;
}

TEST_F(ModelTestSuiteProject, AMalformedFileStopsTheSuiteBeforeAnythingRuns) {
  Write("tests/a_pass.test", "query I\nSELECT 1\n----\n1\n");
  Write("tests/z_bad.test", "# fine so far\n\nquery I\nSELECT 1\n");
  auto r = Run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("tests/z_bad.test:3: query without ----"), std::string::npos)
      << r.status().message();
  EXPECT_TRUE(seen_.empty());
  auto selected = Run({"a_pass"});  // the malformed file is not selected: the rest runs
  ASSERT_TRUE(selected.ok()) << selected.status().ToString();
  EXPECT_EQ(selected->passed, 1);
}

// A model broken so that it does not run fails the tests that build it,
// naming the model; the suite itself still completes.
TEST_F(ModelTestSuiteProject, ABrokenModelFailsTheBuildStep) {
  Write("models/core/dim_sales_channel.sql", "-- materialization: table\nSELECT no_such_column FROM staging.stg_orders\n");
  Write("tests/a.test", "build\n");
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->failed, 1);
  EXPECT_EQ(r->files[0].failure->step, "build");
  EXPECT_NE(r->files[0].failure->message.find("model core.dim_sales_channel failed"), std::string::npos)
      << r->files[0].failure->message;
}

}  // namespace
}  // namespace ecomdw::modeltest
