// RunIngest and the ledger over a file:// bucket and a DuckDB file: the
// exactly-once protocol without a network (the S3 side is covered by
// tests/e2e/s3_ingest_test.sh against moto).
#include "ingest/ingest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <chrono>
#include <fstream>

#include "ingest/ledger.h"
#include "objectstore/digest.h"
#include "objectstore/file_util.h"
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

int64_t Int(const warehouse::QueryResult& r) { return std::get<int64_t>(r.Scalar()); }

// `touch`: the local ETag (size + mtime) changes, the bytes do not.
void Touch(const fs::path& p, int seconds_later) {
  fs::last_write_time(p, fs::last_write_time(p) + std::chrono::seconds(seconds_later));
}

TEST_F(IngestTest, ATouchedObjectIsSeenNotLandedAgainAndNewBytesAreANewVersion) {
  const std::string key = "customers/dt=2024-01-01/c.csv";
  Put(key, "id\n1\n");
  IngestReport first = Ingest();
  ASSERT_EQ(first.landed, 1);
  fs::path object = root_ / "bucket" / key;
  Touch(object, 60);
  ASSERT_NE(store_->Head(key)->etag, first.objects[0].etag);

  IngestReport touched = Ingest();
  EXPECT_TRUE(touched.status.ok()) << touched.status.ToString();
  EXPECT_EQ(touched.landed, 0);
  EXPECT_EQ(touched.same_content, 1);
  EXPECT_EQ(touched.new_versions, 0);
  EXPECT_TRUE(touched.objects.empty());
  EXPECT_EQ(Int(Q("SELECT count(*) FROM ops.ingest_ledger")), 1);
  EXPECT_EQ(Int(Q("SELECT count(*) FROM ops.ingest_ledger WHERE state <> 'landed'")), 0);
  auto seen = Q("SELECT version, etag, sha256, batch_id FROM ops.ingest_sightings");
  ASSERT_EQ(seen.rows.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(seen.rows[0][0]), 1);
  EXPECT_EQ(std::get<std::string>(seen.rows[0][1]), store_->Head(key)->etag);
  EXPECT_EQ(std::get<std::string>(seen.rows[0][2]), first.objects[0].sha256);
  EXPECT_EQ(std::get<std::string>(seen.rows[0][3]), touched.batch_id);
  // The fetched copy is gone, and the folders it needed too.
  EXPECT_FALSE(fs::exists(plan_.landing_dir / touched.batch_id));
  EXPECT_TRUE(fs::exists(first.objects[0].landed_path));

  // The sighting makes the next listing a no-op without fetching.
  IngestReport again = Ingest();
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_TRUE(again.batch_id.empty());

  // A corrected re-delivery (same size, other bytes) is a new version.
  Put(key, "id\n2\n");
  IngestReport corrected = Ingest();
  EXPECT_EQ(corrected.landed, 1);
  EXPECT_EQ(corrected.new_versions, 1);
  EXPECT_EQ(corrected.same_content, 0);
  ASSERT_EQ(corrected.objects.size(), 1u);
  EXPECT_EQ(corrected.objects[0].version, 2);
  // Touching the corrected object is again no new version; the old
  // version's sightings do not count for the new one.
  Touch(object, 120);
  IngestReport touched2 = Ingest();
  EXPECT_EQ(touched2.landed, 0);
  EXPECT_EQ(touched2.same_content, 1);
  auto versions = Q("SELECT max(version), count(*) FROM ops.ingest_ledger WHERE state = 'landed'");
  EXPECT_EQ(std::get<int64_t>(versions.rows[0][0]), 2);
  EXPECT_EQ(std::get<int64_t>(versions.rows[0][1]), 2);
}

TEST_F(IngestTest, ASightingVouchesOnlyForTheBytesItSaw) {
  const std::string key = "customers/dt=2024-01-01/c.csv";
  Put(key, "id\n1\n");
  ASSERT_EQ(Ingest().landed, 1);
  Touch(root_ / "bucket" / key, 60);
  ASSERT_EQ(Ingest().same_content, 1);
  // The landed row is replaced by one for other bytes (as a re-fetch of a
  // deleted landing area might): the old sighting no longer counts.
  Q("UPDATE ops.ingest_ledger SET sha256 = 'other' WHERE object_key = '" + key + "'");
  IngestReport r = Ingest();
  EXPECT_EQ(r.unchanged, 0);
  EXPECT_EQ(r.landed, 1);
}

TEST_F(IngestTest, ACopiedBucketLandsNothingNew) {
  Put("orders/source=webshop/dt=2024-01-01/a.jsonl", "{\"id\":1}\n");
  Put("orders/source=webshop/dt=2024-01-02/b.jsonl", "{\"id\":2}\n");
  Put("customers/dt=2024-01-01/c.csv", "");
  ASSERT_EQ(Ingest().landed, 3);
  // cp -r without -p, then put back in place: every mtime is new.
  fs::path bucket = root_ / "bucket";
  fs::copy(bucket, root_ / "copy", fs::copy_options::recursive);
  fs::remove_all(bucket);
  fs::rename(root_ / "copy", bucket);
  for (auto& e : fs::recursive_directory_iterator(bucket)) {
    if (e.is_regular_file()) Touch(e.path(), 5);
  }
  IngestReport r = Ingest();
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.landed, 0);
  EXPECT_EQ(r.same_content, 3);
  EXPECT_EQ(Int(Q("SELECT count(*) FROM ops.ingest_ledger")), 3);
  EXPECT_EQ(Ingest().unchanged, 3);
}

TEST_F(IngestTest, AnInterruptedClaimOfTheSameBytesIsResolvedAsSeen) {
  const std::string key = "customers/dt=2024-01-01/c.csv";
  Put(key, "id\n1\n");
  ASSERT_EQ(Ingest().landed, 1);
  Touch(root_ / "bucket" / key, 60);
  // A run that claimed version 2 of the touched object and was killed.
  Ledger ledger(wh_.get());
  LedgerEntry claim;
  claim.key = key;
  claim.version = 2;
  claim.etag = "whatever";
  claim.source = "crm_customers";
  claim.landed_path = (plan_.landing_dir / "killed" / key).string();
  ASSERT_TRUE(ledger.Claim(store_->uri(), "killed", {claim}).ok());
  IngestReport r = Ingest();
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.landed, 0);
  EXPECT_EQ(r.same_content, 1);
  EXPECT_EQ(r.retried, 0);
  auto rows = Q("SELECT version, state FROM ops.ingest_ledger");
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(rows.rows[0][0]), 1);
  EXPECT_EQ(Ingest().unchanged, 1);
}

TEST_F(IngestTest, RefusedEntriesAreRecordedAndDoNotStopTheRest) {
  Put("customers/dt=2024-01-01/good.csv", "id\n1\n");
  std::ofstream(root_ / "secret.txt") << "SECRET";
  fs::create_symlink(root_ / "secret.txt", root_ / "bucket/customers/dt=2024-01-01/evil.csv");
  std::ofstream(root_ / "bucket/customers/dt=2024-01-01/caf\xe9.csv") << "id\n2\n";
  std::ofstream(root_ / "bucket/customers/dt=2024-01-01/new\nline.csv") << "id\n3\n";
  IngestReport r = Ingest();
  EXPECT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.landed, 1);
  EXPECT_EQ(r.listed, 4);
  ASSERT_EQ(r.refused.size(), 3u);
  std::string reasons;
  for (const RefusedKey& k : r.refused) reasons += k.reason + "\n";
  EXPECT_NE(reasons.find("leaves the bucket"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("UTF-8"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("control byte"), std::string::npos) << reasons;
  auto rec = Q("SELECT object_key FROM ops.ingest_refusals ORDER BY object_key");
  ASSERT_EQ(rec.rows.size(), 3u);
  EXPECT_EQ(std::get<std::string>(rec.rows[0][0]), "customers/dt=2024-01-01/caf\\xe9.csv");
  EXPECT_EQ(std::get<std::string>(rec.rows[2][0]), "customers/dt=2024-01-01/new\\x0aline.csv");
  // Nothing from outside the bucket landed anywhere.
  for (auto& e : fs::recursive_directory_iterator(plan_.landing_dir)) {
    if (e.is_regular_file()) {
      EXPECT_NE(*objectstore::ReadWholeFile(e.path()), "SECRET") << e.path();
    }
  }
  // Reruns report them again and record nothing twice.
  IngestReport again = Ingest();
  EXPECT_EQ(again.refused.size(), 3u);
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(Int(Q("SELECT count(*) FROM ops.ingest_refusals")), 3);
}

TEST_F(IngestTest, GlobCharactersInAKeyNeverReachTheLandedPath) {
  Put("customers/dt=2024-01-01/*.csv", "id\n1\n");
  Put("customers/dt=2024-01-01/a.csv", "id\n2\n");
  IngestReport r = Ingest();
  ASSERT_EQ(r.landed, 2);
  auto rows = Q("SELECT landed_path FROM ops.ingest_ledger WHERE object_key LIKE '%*.csv'");
  ASSERT_EQ(rows.rows.size(), 1u);
  std::string landed = std::get<std::string>(rows.rows[0][0]);
  EXPECT_EQ(landed.find('*'), std::string::npos) << landed;
  EXPECT_EQ(*objectstore::ReadWholeFile(landed), "id\n1\n");
  // The engine reads exactly that one file from it.
  auto n = Q("SELECT count(*) FROM read_csv('" + landed + "', header = true)");
  EXPECT_EQ(Int(n), 1);
}

// A store that answers a listing with keys it was not asked for, as a broken
// or hostile S3 endpoint might.
class LyingStore final : public objectstore::ObjectStore {
 public:
  explicit LyingStore(objectstore::ObjectStore* real) : real_(real) {}
  std::string uri() const override { return real_->uri(); }
  Result<std::vector<objectstore::ObjectInfo>> List(std::string_view prefix) override {
    ECOMDW_ASSIGN_OR_RETURN(auto out, real_->List(prefix));
    objectstore::ObjectInfo stray;
    stray.key = "elsewhere/" + std::string(prefix) + "x.csv";
    stray.etag = "e";
    out.push_back(stray);
    return out;
  }
  Result<objectstore::ObjectInfo> Head(std::string_view key) override { return real_->Head(key); }
  Result<objectstore::ObjectInfo> GetToFile(std::string_view key, const std::string& path) override {
    return real_->GetToFile(key, path);
  }
  Result<std::string> GetBytes(std::string_view key) override { return real_->GetBytes(key); }
  Status Put(std::string_view key, std::string_view bytes) override { return real_->Put(key, bytes); }

 private:
  objectstore::ObjectStore* real_;
};

TEST_F(IngestTest, KeysListedOutsideTheirPrefixAreRefused) {
  Put("customers/dt=2024-01-01/c.csv", "id\n1\n");
  Put("elsewhere/customers/x.csv", "id\n9\n");
  LyingStore lying(store_.get());
  auto r = RunIngest(plan_, lying, *wh_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->landed, 1);
  ASSERT_EQ(r->refused.size(), 2u);
  EXPECT_NE(r->refused[0].reason.find("outside it"), std::string::npos) << r->refused[0].reason;
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
