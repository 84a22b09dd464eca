// Runs every tests/sql/**/*.test file (format: sql_logic.h) on a fresh
// in-memory DuckDB holding the staging contract (tests/sql/staging_contract.sql),
// with the built-in project's models (project/models).
#include <gtest/gtest.h>
#include "ecomdw_source_dir.h"

#include <filesystem>

#include "sql_logic.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::sqltest {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = ECOMDW_SOURCE_DIR;

std::vector<std::string> TestFiles() {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(kSource / "tests/sql", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".test") {
      out.push_back(fs::relative(it->path(), kSource).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class SqlLogicTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SqlLogicTest, Passes) {
  const std::string rel = GetParam();
  auto text = objectstore::ReadWholeFile(kSource / rel);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  auto steps = ParseTestFile(rel, *text);
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  auto wh = warehouse::OpenDuckDb(":memory:", {.threads = 2});
  ASSERT_TRUE(wh.ok()) << wh.status().ToString();
  auto contract = objectstore::ReadWholeFile(kSource / "tests/sql/staging_contract.sql");
  ASSERT_TRUE(contract.ok()) << contract.status().ToString();
  Status created = (*wh)->Execute(*contract);
  ASSERT_TRUE(created.ok()) << created.ToString();
  Runner runner(**wh, kSource, kSource / "project", rel);
  Status s = runner.Run(*steps);
  EXPECT_TRUE(s.ok()) << s.ToString();
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(std::string("tests/sql/").size());
  name = name.substr(0, name.size() - 5);  // .test
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, SqlLogicTest, ::testing::ValuesIn(TestFiles()), TestName);

// Every built-in model has a .test of the same name (STYLE.md), and the
// runner found files at all (an empty glob must not pass silently).
TEST(SqlLogicCoverageTest, EveryModelHasATest) {
  std::set<std::string> tests;
  for (const std::string& f : TestFiles()) tests.insert(fs::path(f).stem().string());
  ASSERT_FALSE(tests.empty()) << "no tests/sql/**/*.test found under " << kSource;
  std::error_code ec;
  int models = 0;
  for (auto it = fs::recursive_directory_iterator(kSource / "project/models", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().extension() != ".sql") continue;
    ++models;
    EXPECT_TRUE(tests.count(it->path().stem().string())) << "no tests/sql/**/" << it->path().stem().string()
                                                         << ".test for " << it->path().string();
  }
  EXPECT_GE(models, 20);
}

TEST(SqlLogicFormatTest, ParsesStepsAndRejectsMistakes) {
  auto steps = ParseTestFile("x.test",
                             "# name: x\n\nfixture staging.t\na|b\n1|NULL\n\nbuild batches 1,2\n\n"
                             "query IT rowsort\nSELECT 1, 'a'\n----\n1|a\n\nstatement error\nSELECT x\n----\nx\n");
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  ASSERT_EQ(steps->size(), 4u);
  EXPECT_EQ((*steps)[0].rows[0][1], "NULL");
  EXPECT_EQ((*steps)[1].batches, (std::vector<int64_t>{1, 2}));
  EXPECT_FALSE((*steps)[1].all_batches);
  EXPECT_TRUE((*steps)[2].rowsort);
  EXPECT_EQ((*steps)[2].columns, 2);
  EXPECT_EQ((*steps)[3].arg, "x");
  EXPECT_FALSE(ParseTestFile("x.test", "query I\nSELECT 1\n").ok());
  EXPECT_FALSE(ParseTestFile("x.test", "fixture staging.t\na|b\n1\n").ok());
  EXPECT_FALSE(ParseTestFile("x.test", "frobnicate\n").ok());

  // A wrong expectation fails, naming the line.
  auto wh = warehouse::OpenDuckDb(":memory:", {.threads = 1});
  ASSERT_TRUE(wh.ok());
  Runner runner(**wh, kSource, kSource / "project", "x.test");
  auto wrong = ParseTestFile("x.test", "\nquery I\nSELECT 1\n----\n2\n");
  ASSERT_TRUE(wrong.ok());
  Status s = runner.Run(*wrong);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("x.test:2"), std::string::npos) << s.message();
}

// `compare` notices a changed model table.
TEST(SqlLogicFormatTest, CompareFailsOnAChangedTable) {
  auto wh = warehouse::OpenDuckDb(":memory:", {.threads = 2});
  ASSERT_TRUE(wh.ok());
  auto contract = objectstore::ReadWholeFile(kSource / "tests/sql/staging_contract.sql");
  ASSERT_TRUE(contract.ok());
  ASSERT_TRUE((*wh)->Execute(*contract).ok());
  Runner runner(**wh, kSource, kSource / "project", "y.test");
  auto steps = ParseTestFile("y.test",
                             "build\n\nsnapshot a\n\ncompare a\n\n"
                             "statement ok\nUPDATE core.dim_sales_channel SET channel_type = 'x' WHERE channel_key = 3\n\n"
                             "compare a\n");
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  Status s = runner.Run(*steps);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("y.test:10"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("core.dim_sales_channel only now"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace ecomdw::sqltest
