#include "metrics/warehouse_metrics.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "ingest/ledger.h"
#include "staging/contract.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::metrics {
namespace {

namespace fs = std::filesystem;

void Exec(warehouse::Warehouse& wh, const std::string& sql) {
  Status s = wh.Execute(sql);
  ASSERT_TRUE(s.ok()) << s.ToString();
}

std::map<std::string, std::map<std::string, double>> Flatten(const std::vector<Family>& families) {
  std::map<std::string, std::map<std::string, double>> out;
  for (const Family& f : families) {
    auto& samples = out[f.name];
    for (const Sample& s : f.samples) {
      std::string key;
      for (const auto& [k, v] : s.labels) key += (key.empty() ? "" : ",") + k + "=" + v;
      samples[key] = s.value;
    }
  }
  return out;
}

config::Config TwoSources() {
  config::Config c;
  config::Source orders;
  orders.name = "orders";
  orders.updated_at = "updated_at";
  orders.columns = {{"order_id", "VARCHAR"}, {"updated_at", "TIMESTAMP"}};
  orders.business_key = {"order_id"};
  config::Source fx;  // no updated_at: its partition date counts
  fx.name = "fx";
  fx.columns = {{"currency", "VARCHAR"}};
  fx.business_key = {"currency"};
  config::Source never;  // configured, never loaded
  never.name = "never_loaded";
  never.columns = {{"id", "VARCHAR"}};
  c.sources = {orders, fx, never};
  return c;
}

class WarehouseMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = fs::temp_directory_path() / ("ecomdw-metrics-" + std::to_string(::getpid()) + ".duckdb");
    fs::remove(file_);
    auto wh = warehouse::OpenDuckDb(file_.string(), {.threads = 1});
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(wh).value();
  }
  void TearDown() override {
    wh_.reset();
    fs::remove(file_);
    fs::remove(file_.string() + ".wal");
  }
  fs::path file_;
  std::unique_ptr<warehouse::Warehouse> wh_;
};

TEST_F(WarehouseMetricsTest, AnEmptyWarehouseHasFamiliesWithoutSamples) {
  auto families = PublishedFamilies(*wh_, TwoSources(), 1000);
  ASSERT_TRUE(families.ok()) << families.status().ToString();
  auto v = Flatten(*families);
  EXPECT_TRUE(v.count("ecomdw_records_staged_total"));
  EXPECT_TRUE(v["ecomdw_records_staged_total"].empty());
  EXPECT_TRUE(v["ecomdw_source_record_lag_seconds"].empty());
  EXPECT_EQ(v["ecomdw_warehouse_bytes"].size(), 1u);  // 0 bytes: nothing checkpointed yet
}

TEST_F(WarehouseMetricsTest, ReadsTheOpsTablesAndTheCatalog) {
  config::Config cfg = TwoSources();
  ASSERT_TRUE(staging::EnsureLoaderOpsTables(*wh_).ok());
  ASSERT_TRUE(staging::EnsureSourceTables(*wh_, cfg.sources[0]).ok());
  ASSERT_TRUE(staging::EnsureSourceTables(*wh_, cfg.sources[1]).ok());
  ASSERT_TRUE(ingest::Ledger(wh_.get()).EnsureSchema().ok());
  Exec(*wh_,
       "INSERT INTO ops.reconciliation (batch_id, source, objects, raw_records, staged_records, quarantined_records, "
       "duplicate_records, balanced) VALUES ('b1', 'orders', 2, 10, 7, 2, 1, true), ('b2', 'orders', 1, 5, 5, 0, 0, "
       "true), ('b2', 'fx', 1, 3, 2, 0, 0, false);"
       "INSERT INTO ops.quarantine_summary VALUES ('b1', 'orders', 'invalid_json', 2), ('b2', 'orders', "
       "'invalid_json', 1), ('b2', 'fx', 'bad \"rate\"', 4);"
       // 1970-01-01 00:16:40 = 1000 s; 1000.5 s; 2000 s.
       "INSERT INTO ops.ingest_ledger (bucket, object_key, version, etag, size, source, batch_id, state, claimed_at, "
       "landed_at) VALUES ('b', 'k1', 1, 'e', 100, 'orders', 'b1', 'landed', TIMESTAMP '1970-01-01', "
       "TIMESTAMP '1970-01-01 00:16:40'), ('b', 'k2', 1, 'e', 50, 'orders', 'b2', 'landed', TIMESTAMP '1970-01-01', "
       "TIMESTAMP '1970-01-01 00:16:40.5'), ('b', 'k3', 1, 'e', 7, 'fx', 'b2', 'fetching', TIMESTAMP '1970-01-01', "
       "NULL);"
       "INSERT INTO staging.orders (order_id, updated_at, _dt) VALUES ('o1', TIMESTAMP '1970-01-01 00:33:20', "
       "DATE '1970-01-05'), ('o2', TIMESTAMP '1970-01-01 00:00:10', DATE '1970-01-09');"
       "INSERT INTO staging.fx (currency, _dt) VALUES ('EUR', DATE '1970-01-02'), ('USD', DATE '1970-01-03');"
       "CREATE SCHEMA core; CREATE TABLE core.t AS SELECT range AS x FROM range(5000);"
       "CREATE TABLE ops.runs (run_id VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, outcome VARCHAR, "
       "error VARCHAR, batches_applied BIGINT, arguments VARCHAR);"
       "INSERT INTO ops.runs VALUES ('r1', NULL, TIMESTAMP '1970-01-01 00:00:05', 'published', NULL, 1, 'build'), "
       "('r2', NULL, TIMESTAMP '1970-01-01 00:00:09', 'failed', 'x', 0, 'build'), "
       "('r3', NULL, TIMESTAMP '1970-01-01 00:00:07', 'published', NULL, 1, 'run');"
       "CHECKPOINT;");
  auto families = PublishedFamilies(*wh_, cfg, 86400.0 * 10);
  ASSERT_TRUE(families.ok()) << families.status().ToString();
  auto v = Flatten(*families);
  EXPECT_EQ(v["ecomdw_records_raw_total"], (std::map<std::string, double>{{"source=fx", 3}, {"source=orders", 15}}));
  EXPECT_EQ(v["ecomdw_records_staged_total"]["source=orders"], 12);
  EXPECT_EQ(v["ecomdw_records_duplicate_total"]["source=orders"], 1);
  EXPECT_EQ(v["ecomdw_records_quarantined_total"],
            (std::map<std::string, double>{{"source=fx,reason=bad \"rate\"", 4},
                                           {"source=orders,reason=invalid_json", 3}}));
  EXPECT_EQ(v["ecomdw_reconciliation_unbalanced_batches"][""], 1);
  // Only landed objects count; the fetching one does not.
  EXPECT_EQ(v["ecomdw_objects_landed_total"], (std::map<std::string, double>{{"source=orders", 2}}));
  EXPECT_EQ(v["ecomdw_bytes_landed_total"]["source=orders"], 150);
  EXPECT_EQ(v["ecomdw_source_last_landed_timestamp_seconds"]["source=orders"], 1000.5);
  EXPECT_EQ(v["ecomdw_source_landed_lag_seconds"]["source=orders"], 864000 - 1000.5);
  // orders: its newest updated_at (not its newest partition); fx: its newest partition date.
  EXPECT_EQ(v["ecomdw_source_newest_record_timestamp_seconds"],
            (std::map<std::string, double>{{"source=fx", 2 * 86400.0}, {"source=orders", 2000}}));
  EXPECT_EQ(v["ecomdw_source_record_lag_seconds"]["source=fx"], 8 * 86400.0);
  EXPECT_EQ(v["ecomdw_table_rows"]["schema=core,table=t"], 5000);
  EXPECT_EQ(v["ecomdw_table_rows"]["schema=staging,table=orders"], 2);
  EXPECT_GT(v["ecomdw_table_storage_bytes"]["schema=core,table=t"], 0);
  EXPECT_GE(v["ecomdw_warehouse_bytes"][""], v["ecomdw_table_storage_bytes"]["schema=core,table=t"]);
  // The newest published run, not the newest run.
  EXPECT_EQ(v["ecomdw_published_run_info"], (std::map<std::string, double>{{"run_id=r3", 1}}));
  EXPECT_EQ(v["ecomdw_published_run_timestamp_seconds"][""], 7);
  Exposition e;
  for (Family& f : *families) ASSERT_TRUE(e.Add(std::move(f)).ok());
  EXPECT_NE(e.Text().find("reason=\"bad \\\"rate\\\"\""), std::string::npos) << e.Text();
}

}  // namespace
}  // namespace ecomdw::metrics
