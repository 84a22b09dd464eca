#include "migrations/schema_migrations.h"

#include <gtest/gtest.h>

#include "warehouse/duckdb/duckdb_adapter.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::migrations {
namespace {

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = warehouse::OpenDuckDb(":memory:", {.threads = 1});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    wh_ = std::move(opened).value();
    db_ = std::make_unique<warehouse::DuckDbAdapter>(*wh_);
  }
  int64_t Count(const std::string& sql) { return std::get<int64_t>(wh_->Query(sql)->Scalar()); }

  std::unique_ptr<warehouse::Warehouse> wh_;
  std::unique_ptr<warehouse::DuckDbAdapter> db_;
};

TEST_F(MigrationsTest, NewWarehouseGetsEveryVersion) {
  auto r = Migrate(*db_, "mem");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->from, 0);
  EXPECT_EQ(r->to, kCurrentSchemaVersion);
  EXPECT_EQ(r->applied.size(), KnownMigrations().size());
  EXPECT_EQ(*SchemaVersion(*db_), kCurrentSchemaVersion);
  auto again = Migrate(*db_, "mem");  // idempotent
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(Count("SELECT count(*) FROM ops.schema_version"), kCurrentSchemaVersion);
}

TEST_F(MigrationsTest, UnversionedRunsTableGainsArgumentsAndKeepsRows) {
  ASSERT_TRUE(wh_->Execute("CREATE SCHEMA ops; CREATE TABLE ops.runs (run_id VARCHAR, started_at TIMESTAMP, "
                           "finished_at TIMESTAMP, outcome VARCHAR, error VARCHAR, batches_applied BIGINT); "
                           "INSERT INTO ops.runs VALUES ('r1', NULL, NULL, 'published', NULL, 1)")
                  .ok());
  auto r = Migrate(*db_, "mem");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Count("SELECT count(*) FROM ops.runs WHERE run_id = 'r1' AND arguments IS NULL"), 1);
}

TEST_F(MigrationsTest, NewerWarehouseIsRefusedAndLeftAlone) {
  ASSERT_TRUE(Migrate(*db_, "mem").ok());
  ASSERT_TRUE(wh_->Execute("INSERT INTO ops.schema_version VALUES (42, 'future', now()::TIMESTAMP, 'x')").ok());
  Status refused = RefuseNewer(*db_, "the file");
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("the file has schema version 42"), std::string::npos) << refused.ToString();
  EXPECT_FALSE(Migrate(*db_, "the file").ok());
  EXPECT_EQ(Count("SELECT count(*) FROM ops.schema_version"), kCurrentSchemaVersion + 1);
}

}  // namespace
}  // namespace ecomdw::migrations
