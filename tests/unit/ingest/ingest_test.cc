// RunIngest and the ledger over a file:// bucket and a DuckDB file: the
// exactly-once protocol without a network (the S3 side is covered by
// tests/e2e/s3_ingest_test.sh against moto).
#include "ingest/ingest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ingest/ledger.h"
#include "objectstore/digest.h"
#include "objectstore/local_store.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::ingest {
namespace {
namespace fs = std::filesystem;

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("ecomdw-ingest-test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    store_ = objectstore::OpenLocalStore(root_ / "bucket");
    auto wh = warehouse::OpenDuckDb((root_ / "wh.duckdb").string());
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(*wh);
    plan_.bucket_uri = store_->uri();
    plan_.sources = {{"webshop_orders", "orders/source=webshop/", "jsonl"}, {"crm_customers", "customers/", "csv"}};
    plan_.landing_dir = root_ / "landing";
    plan_.parallelism = 3;
  }
  void TearDown() override { fs::remove_all(root_); }

  void Put(const std::string& key, const std::string& body) { ASSERT_TRUE(store_->Put(key, body).ok()); }
  IngestReport Ingest() {
    auto r = RunIngest(plan_, *store_, *wh_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(*r) : IngestReport{};
  }
  warehouse::QueryResult Q(const std::string& sql) {
    auto r = wh_->Query(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : warehouse::QueryResult{};
  }

  fs::path root_;
  std::unique_ptr<objectstore::ObjectStore> store_;
  std::unique_ptr<warehouse::Warehouse> wh_;
  IngestPlan plan_;
};

TEST_F(IngestTest, LandsNewObjectsOnceAndRecordsLineage) {
  Put("orders/source=webshop/dt=2024-01-01/a.jsonl", "{\"id\":1}\n");
  Put("orders/source=webshop/dt=2024-01-02/b.jsonl", "{\"id\":2}\n");
  Put("customers/dt=2024-01-01/c.csv", "");
  Put("elsewhere/ignored.csv", "x");
  IngestReport r = Ingest();
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.listed, 3);
  EXPECT_EQ(r.landed, 3);
  EXPECT_EQ(r.new_objects, 3);
  ASSERT_FALSE(r.batch_id.empty());
  for (const IngestedObject& o : r.objects) {
    EXPECT_EQ(o.landed_path, (plan_.landing_dir / r.batch_id / o.key).string());
    EXPECT_EQ(*objectstore::Sha256OfFile(o.landed_path), objectstore::Sha256Hex(*store_->GetBytes(o.key)));
  }
  auto rows = Q("SELECT object_key, version, state, batch_id, source, partition_date, sha256 "
                "FROM ops.ingest_ledger ORDER BY object_key");
  ASSERT_EQ(rows.rows.size(), 3u);
  EXPECT_EQ(std::get<std::string>(rows.rows[0][0]), "customers/dt=2024-01-01/c.csv");
  EXPECT_EQ(std::get<std::string>(rows.rows[0][4]), "crm_customers");
  EXPECT_EQ(std::get<std::string>(rows.rows[0][6]), objectstore::Sha256Hex(""));
  for (const auto& row : rows.rows) {
    EXPECT_EQ(std::get<int64_t>(row[1]), 1);
    EXPECT_EQ(std::get<std::string>(row[2]), "landed");
    EXPECT_EQ(std::get<std::string>(row[3]), r.batch_id);
    EXPECT_FALSE(warehouse::IsNull(row[5]));
  }
  auto batch = Q("SELECT state, objects_claimed, objects_landed FROM ops.ingest_batches");
  ASSERT_EQ(batch.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(batch.rows[0][0]), "finished");
  EXPECT_EQ(std::get<int64_t>(batch.rows[0][2]), 3);

  IngestReport again = Ingest();
  EXPECT_TRUE(again.batch_id.empty());
  EXPECT_EQ(again.landed, 0);
  EXPECT_EQ(again.unchanged, 3);
  EXPECT_EQ(std::get<int64_t>(Q("SELECT count(*) FROM ops.ingest_ledger").Scalar()), 3);
  EXPECT_EQ(std::get<int64_t>(Q("SELECT count(*) FROM ops.ingest_batches").Scalar()), 1);
}

TEST_F(IngestTest, AChangedObjectIsANewVersion) {
  Put("customers/dt=2024-01-01/c.csv", "id\n1\n");
  IngestReport first = Ingest();
  // A different size guarantees a different local ETag even within one mtime tick.
  Put("customers/dt=2024-01-01/c.csv", "id\n1\n2\n");
  IngestReport second = Ingest();
  EXPECT_EQ(second.new_versions, 1);
  ASSERT_EQ(second.objects.size(), 1u);
  EXPECT_EQ(second.objects[0].version, 2);
  EXPECT_NE(second.batch_id, first.batch_id);
  auto rows = Q("SELECT version, batch_id, state FROM ops.ingest_ledger ORDER BY version");
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(rows.rows[0][1]), first.batch_id);
  EXPECT_EQ(std::get<std::string>(rows.rows[1][1]), second.batch_id);
  EXPECT_EQ(std::get<std::string>(rows.rows[1][2]), "landed");
}

TEST_F(IngestTest, AnInterruptedClaimIsFetchedAgainAndItsLeftoversRemoved) {
  Put("customers/dt=2024-01-01/c.csv", "id\n1\n");
  Ledger ledger(wh_.get());
  ASSERT_TRUE(ledger.EnsureSchema().ok());
  // What a run killed mid-download leaves: a claim, a file it never
  // recorded, and a temporary file beside it.
  fs::path old = plan_.landing_dir / "crashed-batch" / "customers/dt=2024-01-01/c.csv";
  fs::create_directories(old.parent_path());
  std::ofstream(old) << "partial";
  std::ofstream(old.string() + ".ecomdw-tmp-1-1") << "par";
  LedgerEntry claim;
  claim.key = "customers/dt=2024-01-01/c.csv";
  claim.etag = "stale";
  claim.size = 7;
  claim.source = "crm_customers";
  claim.landed_path = old.string();
  ASSERT_TRUE(ledger.Claim(store_->uri(), "crashed-batch", {claim}).ok());

  IngestReport r = Ingest();
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.retried, 1);
  EXPECT_EQ(r.landed, 1);
  EXPECT_FALSE(fs::exists(old));
  EXPECT_FALSE(fs::exists(old.string() + ".ecomdw-tmp-1-1"));
  auto rows = Q("SELECT version, state, batch_id FROM ops.ingest_ledger");
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(rows.rows[0][0]), 1);
  EXPECT_EQ(std::get<std::string>(rows.rows[0][1]), "landed");
  EXPECT_EQ(std::get<std::string>(rows.rows[0][2]), r.batch_id);
}

TEST_F(IngestTest, MissingBucketFailsClearly) {
  store_ = objectstore::OpenLocalStore(root_ / "no-such-bucket");
  auto r = RunIngest(plan_, *store_, *wh_);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_NE(r.status().message().find("webshop_orders"), std::string::npos) << r.status().ToString();
}

}  // namespace
}  // namespace ecomdw::ingest
