// The model test format (modeltest/test_file.h): steps parsed with their
// file and line, mistakes refused naming file:line, includes resolved
// relative to the project folder.
#include "modeltest/test_file.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "objectstore/file_util.h"

namespace ecomdw::modeltest {
namespace {

namespace fs = std::filesystem;

TEST(ModelTestFormat, ParsesEveryStep) {
  auto steps = ParseTestFile("tests/x.test",
                             "# name: x\n\nfixture staging.t\na|b\n1|NULL\n x | \n\nbuild batches 1,2\n\n"
                             "build full-refresh\n\n"
                             "query IT rowsort\nSELECT 1, 'a'\n----\n1|a\n\n"
                             "query I\nSELECT 1 WHERE false\n----\n\n"
                             "statement error\nSELECT x\n----\nx\n\nstatement ok\nCREATE TABLE t (a INT)\n\n"
                             "snapshot s1\n\ncompare s1\n\ninclude tests/fixtures/f.fixture\n");
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  ASSERT_EQ(steps->size(), 10u);
  const Step& fixture = (*steps)[0];
  EXPECT_EQ(fixture.kind, StepKind::kFixture);
  EXPECT_EQ(fixture.file, "tests/x.test");
  EXPECT_EQ(fixture.line, 3);
  EXPECT_EQ(fixture.arg, "staging.t");
  EXPECT_EQ(fixture.header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(fixture.rows.size(), 2u);
  EXPECT_EQ(fixture.rows[0][1], "NULL");
  EXPECT_EQ(fixture.rows[1][0], " x ");  // values as written; the line's trailing blank is trimmed
  EXPECT_EQ(fixture.rows[1][1], "");
  EXPECT_EQ((*steps)[1].batches, (std::vector<std::string>{"1", "2"}));
  EXPECT_FALSE((*steps)[1].all_batches);
  EXPECT_FALSE((*steps)[1].full_refresh);
  EXPECT_TRUE((*steps)[2].all_batches);
  EXPECT_TRUE((*steps)[2].full_refresh);
  const Step& query = (*steps)[3];
  EXPECT_TRUE(query.rowsort);
  EXPECT_EQ(query.columns, 2);
  EXPECT_EQ(query.sql, "SELECT 1, 'a'\n");
  EXPECT_EQ(query.expected, (std::vector<std::string>{"1|a"}));
  EXPECT_EQ(query.expected_line, 15);
  EXPECT_TRUE((*steps)[4].expected.empty());
  EXPECT_EQ((*steps)[5].kind, StepKind::kStatementError);
  EXPECT_EQ((*steps)[5].arg, "x");
  EXPECT_EQ((*steps)[6].kind, StepKind::kStatementOk);
  EXPECT_EQ((*steps)[7].kind, StepKind::kSnapshot);
  EXPECT_EQ((*steps)[8].kind, StepKind::kCompare);
  EXPECT_EQ((*steps)[9].kind, StepKind::kInclude);
  EXPECT_EQ((*steps)[9].arg, "tests/fixtures/f.fixture");
  EXPECT_EQ(StepName((*steps)[0]), "fixture staging.t");
}

void ExpectRefused(const std::string& text, const std::string& where, const std::string& what) {
  auto steps = ParseTestFile("tests/bad.test", text);
  ASSERT_FALSE(steps.ok()) << text;
  EXPECT_EQ(steps.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(steps.status().message().find(where), std::string::npos) << steps.status().message();
  EXPECT_NE(steps.status().message().find(what), std::string::npos) << steps.status().message();
}

TEST(ModelTestFormat, RefusesMistakesNamingFileAndLine) {
  ExpectRefused("\n\nquery I\nSELECT 1\n", "tests/bad.test:3:", "without ----");
  ExpectRefused("query\nSELECT 1\n----\n1\n", "tests/bad.test:1:", "one letter per column");
  ExpectRefused("query I sorted\nSELECT 1\n----\n1\n", "tests/bad.test:1:", "sorted");
  ExpectRefused("fixture staging.t\na|b\n1|2\n1\n", "tests/bad.test:4:", "1 values for 2 columns");
  ExpectRefused("fixture t\na\n1\n", "tests/bad.test:1:", "schema.table");
  ExpectRefused("fixture staging.t\n\n", "tests/bad.test:1:", "without a header");
  ExpectRefused("fixture staging.t\na b|c\n", "tests/bad.test:2:", "not a column name");
  ExpectRefused("# c\nfrobnicate\n", "tests/bad.test:2:", "unknown step \"frobnicate\"");
  ExpectRefused("statement maybe\nSELECT 1\n", "tests/bad.test:1:", "statement ok|error");
  ExpectRefused("build batches\n", "tests/bad.test:1:", "needs a list");
  ExpectRefused("build everything\n", "tests/bad.test:1:", "unknown build option");
  ExpectRefused("include ../../etc/passwd\n", "tests/bad.test:1:", "inside the project");
  ExpectRefused("include /etc/passwd\n", "tests/bad.test:1:", "inside the project");
  ExpectRefused("snapshot a-b\n", "tests/bad.test:1:", "snapshot NAME");
}

class ModelTestInclude : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ecomdw_modeltest_include_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& rel, const std::string& text) {
    ASSERT_TRUE(objectstore::WriteFileAtomically(dir_ / rel, text).ok());
  }
  fs::path dir_;
};

TEST_F(ModelTestInclude, IncludesAreResolvedInPlaceKeepingTheirFileAndLine) {
  Write("tests/fixtures/f.fixture", "# shared\n\nfixture staging.t\na\n1\n");
  Write("tests/a.test", "statement ok\nSELECT 1\n\ninclude tests/fixtures/f.fixture\n\nbuild\n");
  auto steps = LoadTestFile(dir_, "tests/a.test");
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ((*steps)[1].kind, StepKind::kFixture);
  EXPECT_EQ((*steps)[1].file, "tests/fixtures/f.fixture");
  EXPECT_EQ((*steps)[1].line, 3);
  EXPECT_EQ((*steps)[2].kind, StepKind::kBuild);
  EXPECT_EQ((*steps)[2].file, "tests/a.test");
}

TEST_F(ModelTestInclude, AMissingIncludeOrACycleIsRefused) {
  Write("tests/a.test", "\ninclude tests/fixtures/none.fixture\n");
  auto missing = LoadTestFile(dir_, "tests/a.test");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("tests/a.test:2: include tests/fixtures/none.fixture"), std::string::npos)
      << missing.status().message();
  Write("tests/b.test", "include tests/b.test\n");
  auto cycle = LoadTestFile(dir_, "tests/b.test");
  ASSERT_FALSE(cycle.ok());
  EXPECT_NE(cycle.status().message().find("a cycle?"), std::string::npos) << cycle.status().message();
  Write("tests/c.test", "include tests/fixtures/bad.fixture\n");
  Write("tests/fixtures/bad.fixture", "\nfixture staging.t\na|b\n1\n");
  auto bad = LoadTestFile(dir_, "tests/c.test");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("tests/fixtures/bad.fixture:4:"), std::string::npos) << bad.status().message();
}

}  // namespace
}  // namespace ecomdw::modeltest
