// Table fingerprints through the PostgreSQL adapter, against a real server
// (CTest fixture `pg`): row order does not count, a changed value does.
#include <gtest/gtest.h>
#include <unistd.h>

#include "pg/pg_test_env.h"
#include "snapshot/table_fingerprints.h"
#include "warehouse/postgres/postgres_adapter.h"
#include "warehouse/postgres/postgres_warehouse.h"

namespace ecomdw::snapshot {
namespace {

TEST(SnapshotPostgresFingerprintTest, OrderDoesNotCountValuesDo) {
  ASSERT_EQ(pg_test::LoadServerEnv(), "");
  auto wh = warehouse::postgres::Connect({});
  ASSERT_TRUE(wh.ok()) << wh.status().ToString();
  const std::string a = "fa" + std::to_string(::getpid()), b = "fb" + std::to_string(::getpid());
  for (const std::string& s : {a, b}) {
    ASSERT_TRUE((*wh)->Execute("DROP SCHEMA IF EXISTS " + s + " CASCADE; CREATE SCHEMA " + s + "; CREATE TABLE " + s +
                               ".t (k INTEGER, s TEXT, d NUMERIC(18,2))")
                    .ok());
  }
  ASSERT_TRUE((*wh)->Execute("INSERT INTO " + a + ".t VALUES (1, 'x', 1.50), (2, NULL, 2.00), (3, 'z', -1.00)").ok());
  ASSERT_TRUE((*wh)->Execute("INSERT INTO " + b + ".t VALUES (3, 'z', -1.00), (1, 'x', 1.50), (2, NULL, 2.00)").ok());
  warehouse::PostgresAdapter db(**wh);
  auto fa = db.FingerprintTable(a, "t"), fb = db.FingerprintTable(b, "t");
  ASSERT_TRUE(fa.ok()) << fa.status().ToString();
  ASSERT_TRUE(fb.ok()) << fb.status().ToString();
  EXPECT_EQ(fa->rows, 3);
  EXPECT_EQ(fa->hash, fb->hash);
  EXPECT_NE(fa->hash, "0");
  ASSERT_TRUE((*wh)->Execute("UPDATE " + b + ".t SET d = 1.51 WHERE k = 1").ok());
  auto changed = db.FingerprintTable(b, "t");
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->rows, 3);
  EXPECT_NE(changed->hash, fa->hash);
  auto method = db.FingerprintMethod();
  ASSERT_TRUE(method.ok()) << method.status().ToString();
  EXPECT_EQ(method->rfind("postgres ", 0), 0u) << *method;
  // Every table of both schemas is found by the portable catalog calls.
  auto all = FingerprintEveryTable(db);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  int mine = 0;
  for (const TableEntry& t : *all) mine += t.table == a + ".t" || t.table == b + ".t";
  EXPECT_EQ(mine, 2);
  for (const std::string& s : {a, b}) EXPECT_TRUE((*wh)->Execute("DROP SCHEMA " + s + " CASCADE").ok());
}

}  // namespace
}  // namespace ecomdw::snapshot
