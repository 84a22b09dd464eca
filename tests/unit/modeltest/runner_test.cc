// A model test's steps in a scratch warehouse of the built-in project
// (modeltest/runner.h): failures name the step's file:line and carry the
// expected and actual rows; fixtures meet the project's staging contract.
#include "modeltest/runner.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "ecomdw_source_dir.h"
#include "modeltest/scratch.h"
#include "project/project.h"

namespace ecomdw::modeltest {
namespace {

namespace fs = std::filesystem;

const fs::path kProject = fs::path(ECOMDW_SOURCE_DIR) / "project";

class ModelTestRunner : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = project::Project::Load(kProject, "");
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    project_.emplace(std::move(p).value());
    auto wh = project_->OpenScratch();
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(wh).value();
    Status s = PrepareScratch(*wh_, project_->config());
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  std::optional<Failure> Run(const std::string& text) {
    auto steps = ParseTestFile("tests/t.test", text);
    EXPECT_TRUE(steps.ok()) << steps.status().ToString();
    if (!steps.ok()) return Failure{.message = "unparsed"};
    return Runner(*wh_, project_->config()).Run(*steps);
  }

  std::optional<project::Project> project_;
  std::unique_ptr<warehouse::Warehouse> wh_;
};

TEST_F(ModelTestRunner, APassingFileHasNoFailure) {
  auto f = Run("statement ok\nCREATE TABLE x (a INTEGER, b VARCHAR)\n\nstatement ok\n"
               "INSERT INTO x VALUES (2, 'b'), (1, NULL)\n\nquery IT rowsort\nSELECT a, b FROM x\n----\n1|NULL\n2|b\n\n"
               "query I\nSELECT a FROM x ORDER BY a DESC\n----\n2\n1\n\nstatement error\nSELECT nope FROM x\n----\nnope\n");
  EXPECT_FALSE(f.has_value()) << f->where() << " " << f->message;
}

TEST_F(ModelTestRunner, AWrongExpectationFailsWithTheRowsAndTheLine) {
  auto f = Run("\nquery IT\nSELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(n, s) ORDER BY n\n----\n1|a\n2|c\n");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->where(), "tests/t.test:2");
  EXPECT_EQ(f->step, "query");
  EXPECT_TRUE(f->has_rows);
  EXPECT_EQ(f->columns, (std::vector<std::string>{"n", "s"}));
  EXPECT_EQ(f->expected, (std::vector<std::string>{"1|a", "2|c"}));
  EXPECT_EQ(f->actual, (std::vector<std::string>{"1|a", "2|b"}));
  EXPECT_EQ(f->diff.missing, (std::vector<std::string>{"2|c"}));
  EXPECT_EQ(f->diff.unexpected, (std::vector<std::string>{"2|b"}));
  EXPECT_NE(f->message.find("2 rows expected, 2 returned"), std::string::npos) << f->message;
  EXPECT_NE(f->sql.find("VALUES"), std::string::npos);

  auto columns = Run("query II\nSELECT 1\n----\n1\n");
  ASSERT_TRUE(columns.has_value());
  EXPECT_NE(columns->message.find("returned 1 columns, its header letters say 2"), std::string::npos);
}

TEST_F(ModelTestRunner, StatementsFailOnTheEnginesErrorOrAMissingOne) {
  auto bad = Run("statement ok\nSELECT * FROM no_such_table\n");
  ASSERT_TRUE(bad.has_value());
  EXPECT_NE(bad->message.find("no_such_table"), std::string::npos) << bad->message;
  auto succeeded = Run("statement error\nSELECT 1\n");
  ASSERT_TRUE(succeeded.has_value());
  EXPECT_NE(succeeded->message.find("an error was expected"), std::string::npos);
  auto other = Run("statement error\nSELECT * FROM no_such_table\n----\nsomething else\n");
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(other->message.find("does not contain \"something else\""), std::string::npos) << other->message;
}

// Fixtures load the project's staging contract (ecomdw.toml), typed.
TEST_F(ModelTestRunner, FixturesAreTypedByTheProjectsContract) {
  auto f = Run("fixture staging.ecb_fx_rates\n_batch_id|date|currency|usd_per_unit\n7|2024-01-05|EUR|1.0912345\n"
               "7|2024-01-06|GBP|NULL\n\n"
               "query TTTR rowsort\nSELECT _batch_id, date + 1, currency, usd_per_unit FROM staging.ecb_fx_rates\n----\n"
               "7|2024-01-06|EUR|1.091235\n7|2024-01-07|GBP|NULL\n");
  EXPECT_FALSE(f.has_value()) << f->where() << " " << f->message << "\n" << FormatDiff(f->diff, "");

  auto column = Run("fixture staging.ecb_fx_rates\ndate|rate\n2024-01-05|1\n");
  ASSERT_TRUE(column.has_value());
  EXPECT_NE(column->message.find("staging.ecb_fx_rates has no column \"rate\" (it has: date, currency, usd_per_unit"),
            std::string::npos)
      << column->message;
  auto table = Run("fixture staging.nowhere\na\n1\n");
  ASSERT_TRUE(table.has_value());
  EXPECT_NE(table->message.find("no table staging.nowhere (staging tables of this project's sources: ecb_fx_rates"),
            std::string::npos)
      << table->message;
  auto value = Run("\nfixture staging.ecb_fx_rates\ndate\n2024-01-05\nnot a date\n");
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(value->where(), "tests/t.test:2");
  EXPECT_NE(value->message.find("row 2 of the fixture"), std::string::npos) << value->message;
}

TEST_F(ModelTestRunner, BuildRunsTheModelsOverThePendingBatches) {
  auto f = Run("fixture staging.ecb_fx_rates\n_batch_id|date|currency|usd_per_unit\n1|2024-01-05|EUR|1.09\n"
               "2|2024-01-05|EUR|1.10\n\nbuild batches 1\n\n"
               "query T\nSELECT batch_id FROM ops.pending_batches\n----\n1\n\n"
               "query TRT\nSELECT CAST(rate_date AS VARCHAR), usd_per_unit, batch_id FROM staging.stg_fx_rates\n----\n"
               "2024-01-05|1.100000|2\n\nbuild\n\n"
               "query T\nSELECT batch_id FROM ops.pending_batches ORDER BY 1\n----\n1\n2\n");
  EXPECT_FALSE(f.has_value()) << f->where() << " " << f->message << "\n" << FormatDiff(f->diff, "");
}

// `compare` notices a changed model table and names it with the rows.
TEST_F(ModelTestRunner, CompareFailsOnAChangedTable) {
  auto f = Run("build\n\nsnapshot a\n\ncompare a\n\n"
               "statement ok\nUPDATE core.dim_sales_channel SET channel_type = 'x' WHERE channel_key = 3\n\n"
               "compare a\n");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->where(), "tests/t.test:10");
  EXPECT_EQ(f->step, "compare a");
  EXPECT_NE(f->message.find("differ from snapshot a: core.dim_sales_channel"), std::string::npos) << f->message;
  ASSERT_EQ(f->diff.missing.size(), 1u);
  ASSERT_EQ(f->diff.unexpected.size(), 1u);
  EXPECT_EQ(f->diff.missing[0].rfind("core.dim_sales_channel: 3|", 0), 0u) << f->diff.missing[0];
  EXPECT_NE(f->diff.unexpected[0].find("|x"), std::string::npos) << f->diff.unexpected[0];
}

}  // namespace
}  // namespace ecomdw::modeltest
