// Schema drift under each policy, on small hand-made CSV objects.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/config.h"
#include "staging/loader.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::staging {
namespace {
namespace fs = std::filesystem;

config::Config ConfigWithPolicy(const std::string& policy) {
  const std::string toml = std::string(
                               "[bucket]\nuri = \"file://raw\"\n"
                               "[sources.items]\nprefix = \"items/\"\nformat = \"csv\"\nbusiness_key = [\"id\"]\n"
                               "required = [\"id\", \"price\"]\ndrift_policy = \"") +
                           policy +
                           "\"\n[sources.items.columns]\nid = \"INTEGER\"\nname = \"VARCHAR\"\n"
                           "price = \"DECIMAL(12,2)\"\n";
  auto cfg = config::ParseConfig(toml, "/p/ecomdw.toml");
  EXPECT_TRUE(cfg.ok()) << cfg.status().ToString();
  return *cfg;
}

class DriftPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ecomdw-drift-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("day1.csv", "id,name,price\n1,a,1.50\n2,\"b, c\",2.00\n");
    // Day 2: `price` renamed `unit_price`, and a new column `color`.
    Write("day2.csv", "id,name,unit_price,color\n3,d,3.25,red\n4,e,4.00,blue\n");
    auto wh = warehouse::OpenDuckDb(":memory:");
    ASSERT_TRUE(wh.ok());
    wh_ = std::move(wh).value();
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  LandedObject Obj(const std::string& day, const std::string& file) {
    return {"items", "items/dt=" + day + "/" + file, (dir_ / file).string(), "b-" + day,
            static_cast<int64_t>(fs::file_size(dir_ / file))};
  }
  int64_t Scalar(const std::string& sql) { return std::get<int64_t>(wh_->Query(sql)->Scalar()); }

  fs::path dir_;
  std::unique_ptr<warehouse::Warehouse> wh_;
};

TEST_F(DriftPolicyTest, FailNamesObjectAndColumnAndStagesNothing) {
  config::Config cfg = ConfigWithPolicy("fail");
  ASSERT_TRUE(LoadBatch(*wh_, cfg, "b1", {Obj("2024-01-01", "day1.csv")}).ok());
  auto r = LoadBatch(*wh_, cfg, "b2", {Obj("2024-01-02", "day2.csv")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_NE(r.status().message().find("items/dt=2024-01-02/day2.csv"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("column \"price\" renamed to \"unit_price\""), std::string::npos)
      << r.status().message();
  EXPECT_EQ(Scalar("SELECT count(*) FROM staging.items"), 2);
  EXPECT_EQ(Scalar("SELECT count(*) FROM ops.reconciliation WHERE batch_id = 'b2'"), 0);
}

TEST_F(DriftPolicyTest, EvolveMapsTheRenameAndAddsTheColumn) {
  config::Config cfg = ConfigWithPolicy("evolve");
  ASSERT_TRUE(LoadBatch(*wh_, cfg, "b1", {Obj("2024-01-01", "day1.csv")}).ok());
  auto r = LoadBatch(*wh_, cfg, "b2", {Obj("2024-01-02", "day2.csv")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Scalar("SELECT count(*) FROM staging.items"), 4);
  EXPECT_EQ(Scalar("SELECT CAST(sum(price) * 100 AS BIGINT) FROM staging.items"), 1075);
  EXPECT_EQ(Scalar("SELECT count(*) FROM staging.items WHERE color = 'red' AND id = 3"), 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM staging.items WHERE name = 'b, c'"), 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM ops.schema_changes WHERE change = 'renamed' AND new_name = 'unit_price'"), 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM ops.schema_changes WHERE change = 'added' AND column_name = 'color'"), 1);
}

TEST_F(DriftPolicyTest, QuarantineKeepsEveryRecordOfTheObject) {
  config::Config cfg = ConfigWithPolicy("quarantine");
  ASSERT_TRUE(LoadBatch(*wh_, cfg, "b1", {Obj("2024-01-01", "day1.csv")}).ok());
  auto r = LoadBatch(*wh_, cfg, "b2", {Obj("2024-01-02", "day2.csv")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Scalar("SELECT count(*) FROM staging.items"), 2);
  EXPECT_EQ(Scalar("SELECT count(*) FROM quarantine.items WHERE reason = 'schema_drift' AND _line IN (2, 3)"), 2);
  EXPECT_EQ(Scalar("SELECT count(*) FROM ops.reconciliation WHERE batch_id = 'b2' AND balanced "
                   "AND raw_records = 2 AND quarantined_records = 2"),
            1);
}

}  // namespace
}  // namespace ecomdw::staging
