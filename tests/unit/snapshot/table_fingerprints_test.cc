// Table fingerprints through the DuckDB adapter: row order and storage do
// not count, any changed value does; the comparison names each difference.
#include "snapshot/table_fingerprints.h"

#include <gtest/gtest.h>

#include "warehouse/duckdb/duckdb_adapter.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::snapshot {
namespace {

std::unique_ptr<warehouse::Warehouse> Open() {
  auto wh = warehouse::OpenDuckDb(":memory:", {.threads = 1});
  EXPECT_TRUE(wh.ok()) << wh.status().ToString();
  return std::move(wh).value();
}

std::vector<TableEntry> Fingerprints(warehouse::Warehouse& wh) {
  warehouse::DuckDbAdapter db(wh);
  auto fps = FingerprintEveryTable(db);
  EXPECT_TRUE(fps.ok()) << fps.status().ToString();
  return fps.ok() ? *fps : std::vector<TableEntry>{};
}

TEST(SnapshotFingerprintTest, OrderDoesNotCountValuesDo) {
  auto a = Open(), b = Open();
  ASSERT_TRUE(a->Execute("CREATE SCHEMA core; CREATE SCHEMA ops; "
                         "CREATE TABLE core.t (k INTEGER, s VARCHAR, d DECIMAL(18,2), day DATE); "
                         "INSERT INTO core.t VALUES (1, 'x', 1.50, DATE '2026-01-01'), (2, NULL, 2.00, NULL), "
                         "(3, 'z', -1.00, DATE '2026-01-03'); CREATE TABLE ops.empty (k INTEGER); "
                         "CREATE VIEW core.v AS SELECT * FROM core.t")
                  .ok());
  ASSERT_TRUE(b->Execute("CREATE SCHEMA core; CREATE SCHEMA ops; "
                         "CREATE TABLE core.t (k INTEGER, s VARCHAR, d DECIMAL(18,2), day DATE); "
                         "INSERT INTO core.t VALUES (3, 'z', -1.00, DATE '2026-01-03'); "
                         "INSERT INTO core.t VALUES (2, NULL, 2.00, NULL), (1, 'x', 1.50, DATE '2026-01-01'); "
                         "CREATE TABLE ops.empty (k INTEGER)")
                  .ok());
  std::vector<TableEntry> fa = Fingerprints(*a), fb = Fingerprints(*b);
  ASSERT_EQ(fa.size(), 2u);  // base tables only: the view is not one
  EXPECT_EQ(fa[0].table, "core.t");
  EXPECT_EQ(fa[0].rows, 3);
  EXPECT_EQ(fa[1].table, "ops.empty");
  EXPECT_EQ(fa[1].rows, 0);
  EXPECT_EQ(fa, fb);
  EXPECT_TRUE(CompareTables(fa, fb, true).empty());

  // One value in one row: the same count, another fingerprint.
  ASSERT_TRUE(b->Execute("UPDATE core.t SET d = 1.51 WHERE k = 1").ok());
  std::vector<TableEntry> changed = Fingerprints(*b);
  EXPECT_EQ(changed[0].rows, 3);
  EXPECT_NE(changed[0].fingerprint, fa[0].fingerprint);
  auto diffs = CompareTables(fa, changed, true);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_NE(diffs[0].find("core.t: fingerprint"), std::string::npos) << diffs[0];
  EXPECT_TRUE(CompareTables(fa, changed, false).empty());  // another engine version: counts only

  warehouse::DuckDbAdapter db(*a);
  auto method = db.FingerprintMethod();
  ASSERT_TRUE(method.ok()) << method.status().ToString();
  EXPECT_EQ(method->rfind("duckdb v", 0), 0u) << *method;
}

TEST(SnapshotFingerprintTest, CompareNamesMissingExtraAndCounts) {
  std::vector<TableEntry> want = {{"core.a", 2, "9"}, {"core.b", 1, "5"}, {"ops.c", 0, "0"}};
  std::vector<TableEntry> got = {{"core.a", 3, "9"}, {"ops.c", 0, "0"}, {"ops.d", 0, "0"}};
  auto diffs = CompareTables(want, got, true);
  ASSERT_EQ(diffs.size(), 3u);
  EXPECT_EQ(diffs[0], "core.a: 2 rows in the manifest, 3 in the file");
  EXPECT_EQ(diffs[1], "core.b: in the manifest, not in the file");
  EXPECT_EQ(diffs[2], "ops.d: in the file, not in the manifest");
}

}  // namespace
}  // namespace ecomdw::snapshot
