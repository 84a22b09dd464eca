#include "warehouse/duckdb/duckdb_adapter.h"

#include <gtest/gtest.h>

#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::warehouse {
namespace {

class DuckDbAdapterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto wh = OpenDuckDb(":memory:", DuckDbOptions{.threads = 2});
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(wh).value();
    auto db = AdapterFor(*wh_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }
  Value One(const std::string& sql) {
    auto r = wh_->Query(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Scalar() : Value{};
  }
  std::unique_ptr<Warehouse> wh_;
  std::unique_ptr<EngineAdapter> db_;
};

TEST_F(DuckDbAdapterTest, CatalogCalls) {
  EXPECT_EQ(db_->dialect().name(), "duckdb");
  ASSERT_TRUE(db_->CreateSchema("core").ok());
  ASSERT_TRUE(db_->CreateSchema("core").ok());  // idempotent
  EXPECT_FALSE(*db_->TableExists("core", "t"));
  ASSERT_TRUE(db_->ReplaceTableAs("core", "t", "SELECT 1 AS a, 'x' AS b").ok());
  ASSERT_TRUE(db_->ReplaceViewAs("core", "v", "SELECT a FROM core.t").ok());
  ASSERT_TRUE(wh_->Execute("CREATE TEMP TABLE scratch (x INT)").ok());
  EXPECT_TRUE(*db_->TableExists("core", "t"));
  EXPECT_FALSE(*db_->TableExists("core", "v"));  // a view is no base table
  EXPECT_EQ(*db_->ListTables("core"), std::vector<std::string>{"t"});
  auto cols = db_->Columns("core", "t");
  ASSERT_TRUE(cols.ok());
  ASSERT_EQ(cols->size(), 2u);
  EXPECT_EQ((*cols)[0].name, "a");
  EXPECT_EQ((*cols)[1].type, "VARCHAR");
  EXPECT_TRUE(db_->Columns("core", "nope")->empty());
  EXPECT_FALSE(db_->TableExists("core", "t; DROP TABLE x").ValueOr(true));  // a bound value, not SQL
  EXPECT_FALSE(db_->ReplaceTableAs("core", "bad name", "SELECT 1").ok());     // identifiers are checked
  ASSERT_TRUE(db_->DropSchema("core").ok());
  EXPECT_FALSE(*db_->TableExists("core", "t"));
}

TEST_F(DuckDbAdapterTest, WritesByKeyAndByName) {
  ASSERT_TRUE(db_->CreateSchema("core").ok());
  ASSERT_TRUE(db_->ReplaceTableAs("core", "f", "SELECT * FROM (VALUES (1, 1, 10), (1, 2, 20), (2, 1, 5)) v(k, l, amt)")
                  .ok());
  std::vector<std::string> log;
  db_->LogStatementsTo(&log);
  // Key 1 comes back with one line (columns in another order): both its old lines go.
  auto n = db_->DeleteInsertByKey("core", "f", {"k"}, "SELECT 11 AS amt, 1 AS l, 1 AS k");
  db_->LogStatementsTo(nullptr);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 1);
  EXPECT_FALSE(log.empty());
  EXPECT_EQ(std::get<int64_t>(One("SELECT count(*) FROM core.f")), 2);
  EXPECT_EQ(std::get<int64_t>(One("SELECT CAST(sum(amt) AS BIGINT) FROM core.f")), 16);

  auto ins = db_->InsertSelectByName("core", "f", "SELECT 3 AS k, 7 AS amt");
  ASSERT_TRUE(ins.ok()) << ins.status().ToString();
  EXPECT_EQ(*ins, 1);
  EXPECT_TRUE(IsNull(One("SELECT l FROM core.f WHERE k = 3")));

  ASSERT_TRUE(wh_->Execute("CREATE TABLE core.h (amt INT, k INT, extra VARCHAR)").ok());
  auto copied = db_->CopyRows("core", "f", "core", "h");
  ASSERT_TRUE(copied.ok()) << copied.status().ToString();
  EXPECT_EQ(*copied, 3);
  EXPECT_EQ(std::get<int64_t>(One("SELECT CAST(sum(amt) AS BIGINT) FROM core.h")), 23);
  EXPECT_FALSE(db_->CopyRows("core", "nope", "core", "h").ok());
}

TEST_F(DuckDbAdapterTest, StorageCalls) {
  EXPECT_TRUE(db_->Checkpoint().ok());
  auto size = db_->Size();
  ASSERT_TRUE(size.ok()) << size.status().ToString();
  EXPECT_EQ(size->catalog, "memory");
  EXPECT_FALSE(db_->SwapSchemas("a", "b").ok());  // DuckDB cannot rename schemas
}

// The macros evaluate to what the models expect. The surrogate key's value
// is PostgreSQL's too (psql: CAST(CAST(('x0' || substr(md5('C0001|first'),
// 1, 15)) AS BIT(64)) AS BIGINT)); tests/pg compares whole tables.
TEST_F(DuckDbAdapterTest, MacrosEvaluate) {
  auto sql = db_->ExpandMacros(
      "SELECT {{ surrogate_key('C0001', 'first') }}, {{ month_name(DATE '2024-01-15') }}, "
      "{{ day_name(DATE '2024-01-15') }}, {{ day_of_week(DATE '2024-01-14') }}, "
      "CAST({{ month_start(DATE '2024-03-15') }} AS VARCHAR), {{ format_date(DATE '2024-03-05', '%Y/%m/%d') }}, "
      "{{ hash_hex('a') }}, (SELECT count(*) FROM {{ date_spine(DATE '2024-02-01', DATE '2024-03-01') }} AS g(ts))",
      "t.sql");
  ASSERT_TRUE(sql.ok()) << sql.status().ToString();
  auto r = wh_->Query(*sql);
  ASSERT_TRUE(r.ok()) << r.status().ToString() << "\n" << *sql;
  const Row& row = r->rows.at(0);
  EXPECT_EQ(std::get<int64_t>(row[0]), 857828109824604007);
  EXPECT_EQ(std::get<std::string>(row[1]), "January");
  EXPECT_EQ(std::get<std::string>(row[2]), "Monday");
  EXPECT_EQ(ValueToString(row[3]), "7");
  EXPECT_EQ(std::get<std::string>(row[4]), "2024-03-01");
  EXPECT_EQ(std::get<std::string>(row[5]), "2024/03/05");
  EXPECT_EQ(std::get<std::string>(row[6]), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(std::get<int64_t>(row[7]), 30);
}

}  // namespace
}  // namespace ecomdw::warehouse
