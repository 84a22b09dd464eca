// The built-in project's checks (project/checks/**): they load, every core
// table and mart has a check file, the gate checks of issue 8 are there with
// severity error, and every check's SQL runs on a warehouse built from the
// project's models: empty, and filled with the hand-made shop of
// project/tests/fixtures, where every error check passes.
#include <gtest/gtest.h>
#include "ecomdw_source_dir.h"

#include <filesystem>
#include <set>

#include "modeltest/runner.h"
#include "modeltest/scratch.h"
#include "project/project.h"
#include "quality/staged_volume.h"
#include "quality_test_util.h"

namespace ecomdw::quality {
namespace {

namespace fs = std::filesystem;
using testing::Exec;

const fs::path kSource = ECOMDW_SOURCE_DIR;

std::vector<Check> BuiltIns() {
  auto checks = LoadChecks(kSource / "project");
  EXPECT_TRUE(checks.ok()) << checks.status().ToString();
  return checks.ok() ? *checks : std::vector<Check>{};
}

const Check* Find(const std::vector<Check>& checks, const std::string& table, CheckType type) {
  for (const Check& c : checks) {
    if (c.table_name() == table && c.type == type) return &c;
  }
  return nullptr;
}

// A warehouse with the staging contract, the loader's ops tables and the
// project's models built over `fixture_steps` (model test format,
// modeltest/test_file.h), in a model test's scratch warehouse.
std::unique_ptr<warehouse::Warehouse> BuildWarehouse(const std::string& fixture_steps) {
  auto project = project::Project::Load(kSource / "project", "");
  EXPECT_TRUE(project.ok()) << project.status().ToString();
  if (!project.ok()) return nullptr;
  auto opened = project->OpenScratch();
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  if (!opened.ok()) return nullptr;
  std::unique_ptr<warehouse::Warehouse> wh = std::move(opened).value();
  Status prepared = modeltest::PrepareScratch(*wh, project->config());
  EXPECT_TRUE(prepared.ok()) << prepared.ToString();
  Exec(*wh, R"(CREATE TABLE ops.ingest_ledger (bucket VARCHAR, object_key VARCHAR, source VARCHAR,
      partition_date DATE, batch_id VARCHAR, state VARCHAR);)");
  auto parsed = modeltest::ParseTestFile("builtin_checks_test", fixture_steps);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  if (!parsed.ok()) return nullptr;
  auto steps = modeltest::ResolveIncludes(kSource / "project", std::move(parsed).value());
  EXPECT_TRUE(steps.ok()) << steps.status().ToString();
  if (!steps.ok()) return nullptr;
  std::optional<modeltest::Failure> failed = modeltest::Runner(*wh, project->config()).Run(*steps);
  EXPECT_FALSE(failed.has_value()) << failed->where() << ": " << failed->message;
  Status volume = RecordStagedVolume(*wh, {});  // as a build does after staging (none staged here)
  EXPECT_TRUE(volume.ok()) << volume.ToString();
  return wh;
}

// ops.reconciliation has more columns than these (the loader's); the rest stay NULL.
const std::string kReconciliation =
    "INSERT INTO ops.reconciliation (batch_id, source, objects, raw_records, staged_records, quarantined_records, "
    "duplicate_records, balanced, loaded_at)";

std::string Describe(const CheckResult& r) {
  return r.check.name + " [" + std::string(CheckStatusName(r.status)) + "] rows=" + std::to_string(r.failing_rows) +
         " " + r.error + " sample=" + r.sample_json + "\n  " + r.check.sql;
}

TEST(QualityBuiltInTest, EveryCoreTableAndMartHasChecksAndTheGateChecksAreThere) {
  std::vector<Check> checks = BuiltIns();
  ASSERT_GT(checks.size(), 40u);
  std::set<std::string> tables;
  for (const Check& c : checks) tables.insert(c.table_name());
  for (const char* schema : {"core", "marts"}) {
    for (const auto& e : fs::directory_iterator(kSource / "project/models" / schema)) {
      std::string table = std::string(schema) + "." + e.path().stem().string();
      EXPECT_TRUE(tables.count(table)) << "no checks on " << table;
    }
  }
  const Check* rate = Find(checks, "ops.reconciliation", CheckType::kQuarantineRate);
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ(rate->severity, Severity::kError);
  EXPECT_NE(rate->sql.find("> 5 * raw_records"), std::string::npos) << rate->sql;
  const Check* balanced = Find(checks, "ops.reconciliation", CheckType::kReconciliation);
  ASSERT_NE(balanced, nullptr);
  EXPECT_EQ(balanced->severity, Severity::kError);
  const Check* volume = Find(checks, "core.fact_orders", CheckType::kVolumeAnomaly);
  ASSERT_NE(volume, nullptr);
  EXPECT_EQ(volume->severity, Severity::kError);
  const Check* revenue = Find(checks, "core.fact_orders", CheckType::kReconciliation);
  ASSERT_NE(revenue, nullptr);
  EXPECT_EQ(revenue->severity, Severity::kError);
  EXPECT_NE(revenue->sql.find("stg_order_lines"), std::string::npos);
  const Check* fresh = Find(checks, "core.fact_orders", CheckType::kFreshness);
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->severity, Severity::kWarn);
}

TEST(QualityBuiltInTest, EveryCheckRunsOnAnEmptyWarehouseBuiltFromTheModels) {
  std::vector<Check> checks = BuiltIns();
  auto wh = BuildWarehouse("build\n");
  ASSERT_NE(wh, nullptr);
  auto s = RunChecks(*wh, checks, "empty", {}, {.record = false});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->errored, 0);
  for (const CheckResult& r : s->results) {
    EXPECT_NE(r.status, CheckStatus::kError) << Describe(r);
  }
}

TEST(QualityBuiltInTest, ErrorChecksPassOnTheHandMadeShop) {
  std::vector<Check> checks = BuiltIns();
  auto wh = BuildWarehouse(
      "include tests/fixtures/shop_batch1.fixture\n\ninclude tests/fixtures/shop_batch2.fixture\n\n"
      "include tests/fixtures/shop_batch3.fixture\n\nbuild\n");
  ASSERT_NE(wh, nullptr);
  Exec(*wh, kReconciliation + " VALUES ('1', 'webshop_orders', 3, 120, 114, 5, 1, TRUE, now()),"
            "('1', 'crm_customers', 1, 40, 40, 0, 0, TRUE, now());"
            "INSERT INTO ops.ingest_ledger SELECT 'b', 'k', 'webshop', max(order_date), '1', 'landed' "
            "FROM staging.stg_orders");
  auto s = RunChecks(*wh, checks, "shop", {}, {.record = false});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->errored, 0);
  EXPECT_EQ(s->failed, 0);
  EXPECT_FALSE(s->HasErrorFailures());
  for (const CheckResult& r : s->results) {
    if (r.check.severity == Severity::kError) {
      EXPECT_EQ(r.status, CheckStatus::kPass) << Describe(r);
    }
  }
  // The gate bites on the same warehouse: a batch over 5 % quarantined.
  Exec(*wh, kReconciliation + " VALUES ('2', 'webshop_orders', 1, 100, 90, 10, 0, TRUE, now())");
  auto gated = RunChecks(*wh, checks, "shop-2", {"ops.reconciliation"}, {.record = false});
  ASSERT_TRUE(gated.ok());
  EXPECT_TRUE(gated->HasErrorFailures());
}

}  // namespace
}  // namespace ecomdw::quality
