// The loader against the generator's ground truth: every injected defect is
// quarantined with its reason, object and line, no valid record is, exact
// duplicates are dropped, and every batch reconciles.
#include "staging/loader.h"
#include "ecomdw_binary.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "config/config.h"
#include "ingest/partition.h"
#include "project/embedded_project.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::staging {
namespace {
namespace fs = std::filesystem;
using warehouse::Warehouse;

config::Config BuiltInConfig() {
  for (const auto& f : project::BuiltInProjectFiles()) {
    if (f.path == "ecomdw.toml") {
      auto cfg = config::ParseConfig(std::string(f.content), "/proj/ecomdw.toml");
      EXPECT_TRUE(cfg.ok()) << cfg.status().ToString();
      return *cfg;
    }
  }
  ADD_FAILURE() << "no built-in ecomdw.toml";
  return {};
}

// The raw zone's objects in batches of ten partition days, as a few ingest
// runs would deliver them (a re-sent record often lands in a later batch).
std::map<std::string, std::vector<LandedObject>> BatchesByDay(const fs::path& raw, const config::Config& cfg) {
  std::map<std::string, std::vector<LandedObject>> batches;
  for (const auto& entry : fs::recursive_directory_iterator(raw)) {
    if (!entry.is_regular_file()) continue;
    std::string key = fs::relative(entry.path(), raw).generic_string();
    for (const config::Source& s : cfg.sources) {
      if (key.rfind(s.prefix, 0) != 0) continue;
      std::string day = warehouse::ValueToString(*ingest::PartitionDateFromKey(key));
      std::string batch = "b-" + day.substr(0, 9);  // 2024-01-0, 2024-01-1, …
      batches[batch].push_back({s.name, key, entry.path().string(), batch, static_cast<int64_t>(entry.file_size())});
    }
  }
  return batches;
}

int64_t Scalar(Warehouse& wh, const std::string& sql) {
  auto r = wh.Query(sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::get<int64_t>(r->Scalar()) : -1;
}

std::string Rows(Warehouse& wh, const std::string& sql) {
  auto r = wh.Query(sql);
  if (!r.ok()) return r.status().ToString();
  std::string out;
  for (const auto& row : r->rows) {
    for (const auto& v : row) out += warehouse::ValueToString(v).substr(0, 90) + " | ";
    out += "\n";
  }
  return out;
}

class LoaderTruthTest : public ::testing::TestWithParam<const char*> {};

TEST_P(LoaderTruthTest, QuarantineMatchesInjectedDefectsAndBatchesReconcile) {
  const std::string profile = GetParam();
  fs::path dir = fs::temp_directory_path() / ("ecomdw-loader-" + profile + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::path raw = dir / "raw";
  std::string cmd = std::string(ECOMDW_BINARY) + " --log-level warn generate --scale 0.01 --seed 11 --days 40 " +
                    "--drift-add-day 20 --drift-rename-day 25 --defects " + profile + " --to file://" + raw.string() +
                    " > " + (dir / "gen.log").string() + " 2>&1";
  fs::create_directories(dir);
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

  config::Config cfg = BuiltInConfig();
  auto opened = warehouse::OpenDuckDb(":memory:", {.threads = 2});
  ASSERT_TRUE(opened.ok());
  Warehouse& wh = **opened;
  auto batches = BatchesByDay(raw, cfg);
  ASSERT_GE(batches.size(), 4u);
  for (const auto& [batch, objects] : batches) {
    auto r = LoadBatch(wh, cfg, batch, objects);
    ASSERT_TRUE(r.ok()) << batch << ": " << r.status().ToString();
    EXPECT_FALSE(r->already_loaded);
  }
  // A rerun of a batch changes nothing.
  int64_t staged_before = Scalar(wh, "SELECT count(*) FROM staging.webshop_orders");
  auto again = LoadBatch(wh, cfg, batches.begin()->first, batches.begin()->second);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_loaded);
  EXPECT_EQ(Scalar(wh, "SELECT count(*) FROM staging.webshop_orders"), staged_before);

  EXPECT_EQ(Scalar(wh, "SELECT count(*) FROM ops.reconciliation WHERE NOT balanced"), 0);
  EXPECT_GT(Scalar(wh, "SELECT sum(staged_records) FROM ops.reconciliation"), 0);

  const std::string truth = (fs::path(raw.string() + ".truth") / "defects" / "*.csv").string();
  ASSERT_TRUE(wh.Execute("CREATE TABLE truth AS SELECT * FROM read_csv('" + truth +
                         "', header = true, all_varchar = true, union_by_name = true)")
                  .ok());
  ASSERT_TRUE(wh.Execute(R"(
    CREATE TABLE q AS
      SELECT 'crm' AS src, _object_key, _line, reason, raw FROM quarantine.crm_customers UNION ALL
      SELECT 'pim', _object_key, _line, reason, raw FROM quarantine.pim_products UNION ALL
      SELECT 'webshop', _object_key, _line, reason, raw FROM quarantine.webshop_orders UNION ALL
      SELECT 'marketplace', _object_key, _line, reason, raw FROM quarantine.marketplace_orders;
    -- Marketplace versions are quarantined row by row; compare them by order.
    CREATE TABLE expected AS SELECT DISTINCT source AS src, object_key,
        CASE WHEN source = 'marketplace' AND defect_class <> 'malformed' THEN regexp_extract(business_key, '^[^#@]+')
             ELSE line END AS unit,
        defect_class AS reason
      FROM truth WHERE defect_class IN ('malformed', 'missing_required', 'invalid_email', 'invalid_country',
                                        'unknown_currency');
    CREATE TABLE actual AS SELECT DISTINCT src, _object_key AS object_key,
        CASE WHEN src = 'marketplace' AND reason <> 'malformed' THEN split_part(raw, ',', 1)
             ELSE CAST(_line AS VARCHAR) END AS unit, reason
      FROM q;
  )")
                  .ok());
  int64_t expected = Scalar(wh, "SELECT count(*) FROM expected");
  if (profile != "none") {
    EXPECT_GT(expected, 0);
  }
  EXPECT_EQ(Scalar(wh, "SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual)"), 0)
      << "injected defects missing from quarantine (or with another reason):\n"
      << Rows(wh, "SELECT * FROM expected EXCEPT SELECT * FROM actual ORDER BY ALL LIMIT 10")
      << "\nquarantined instead:\n" << Rows(wh, "SELECT * FROM actual EXCEPT SELECT * FROM expected ORDER BY ALL LIMIT 10");
  EXPECT_EQ(Scalar(wh, "SELECT count(*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected)"), 0)
      << "records quarantined that the truth calls valid";
  // Duplicated and re-sent copies never reach staging.
  EXPECT_EQ(Scalar(wh, R"(
    SELECT count(*) FROM truth t WHERE t.defect_class IN ('duplicate', 'resent') AND EXISTS (
      SELECT 1 FROM (SELECT _object_key, _line FROM staging.crm_customers UNION ALL
                     SELECT _object_key, _line FROM staging.pim_products UNION ALL
                     SELECT _object_key, _line FROM staging.webshop_orders UNION ALL
                     SELECT _object_key, _line FROM staging.marketplace_orders) s
      WHERE s._object_key = t.object_key AND s._line = CAST(t.line AS BIGINT)))"),
            0);
  if (profile != "none") {
    EXPECT_GE(Scalar(wh, "SELECT sum(duplicate_records) FROM ops.reconciliation"),
              Scalar(wh, "SELECT count(*) FROM truth WHERE defect_class IN ('duplicate', 'resent')"));
    // Drift: the added webshop field evolved into a column, the marketplace
    // rename fed the contract column.
    EXPECT_EQ(Scalar(wh, "SELECT count(*) FROM ops.schema_changes WHERE source = 'webshop_orders' "
                         "AND change = 'added' AND column_name = 'delivery_method'"),
              1);
    EXPECT_EQ(Scalar(wh, "SELECT count(*) FROM ops.schema_changes WHERE source = 'marketplace_orders' "
                         "AND change = 'renamed' AND column_name = 'item_price' AND new_name = 'unit_price'"),
              1);
    EXPECT_GT(Scalar(wh, "SELECT count(*) FROM staging.webshop_orders WHERE delivery_method IS NOT NULL"), 0);
    EXPECT_EQ(Scalar(wh, "SELECT count(*) FROM staging.marketplace_orders WHERE item_price IS NULL"), 0);
    // Hive parts of the PIM paths (source=, dt=) are not drift; no bogus
    // renames; no conflicts in generated data (its copies are identical).
    EXPECT_EQ(Scalar(wh, "SELECT count(*) FROM ops.schema_changes WHERE source = 'pim_products'"), 0);
    EXPECT_EQ(Scalar(wh, "SELECT count(*) FROM ops.schema_changes WHERE change = 'renamed'"), 1);
    EXPECT_EQ(Scalar(wh, "SELECT coalesce(sum(conflicting_records), 0) FROM ops.reconciliation"), 0);
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Profiles, LoaderTruthTest, ::testing::Values("none", "default", "heavy"));

}  // namespace
}  // namespace ecomdw::staging
