// SnapshotStore on a real project folder (written by `ecomdw init`) whose
// generations are small DuckDB files made here: the round trip, a damaged
// copy or manifest refused with nothing changed, the unpublished-generation
// rule, schema versions older and newer, prune, and the refusals.
#include "snapshot/snapshot_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ecomdw_binary.h"
#include "migrations/schema_migrations.h"
#include "objectstore/digest.h"
#include "snapshot/snapshot_id.h"
#include "snapshot/table_fingerprints.h"
#include "warehouse/duckdb/duckdb_adapter.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::snapshot {
namespace {
namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

bool Contains(const Status& s, const std::string& needle) {
  return s.message().find(needle) != std::string::npos;
}

class SnapshotStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ecomdw-snap-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::string init = std::string(ECOMDW_BINARY) + " --log-level warn init " + (dir_ / "p").string() + " > /dev/null";
    ASSERT_EQ(std::system(init.c_str()), 0);
    auto p = project::Project::Load(dir_ / "p", "");
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    project_ = std::make_unique<project::Project>(std::move(p).value());
    store_ = std::make_unique<SnapshotStore>(*project_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path state() const { return project_->state_dir(); }
  fs::path link() const { return dir_ / "p" / "warehouse.duckdb"; }
  publish::Generations gens() const { return publish::Generations(link(), state()); }
  fs::path Published() const { return *gens().Published(); }
  fs::path Gen(int n) const { return state() / fmt::format("gen-{:06}.duckdb", n); }

  // Writes generation `n` (every migration, then `sql`), closed and
  // checkpointed; published unless `publish` is false.
  void MakeGeneration(int n, const std::string& sql, bool publish = true) {
    fs::create_directories(state());
    {
      auto wh = warehouse::OpenDuckDb(Gen(n).string(), {.threads = 1});
      ASSERT_TRUE(wh.ok()) << wh.status().ToString();
      warehouse::DuckDbAdapter db(**wh);
      ASSERT_TRUE(migrations::Migrate(db, Gen(n).string()).ok());
      Status s = (*wh)->Execute(sql);
      ASSERT_TRUE(s.ok()) << s.ToString();
      ASSERT_TRUE(db.Checkpoint().ok());
    }
    if (publish) {
      ASSERT_TRUE(gens().Publish(Gen(n)).ok());
    }
  }

  std::vector<TableEntry> TablesOf(const fs::path& file) {
    auto wh = project_->OpenFileReadOnly(file);
    EXPECT_TRUE(wh.ok()) << wh.status().ToString();
    if (!wh.ok()) return {};
    warehouse::DuckDbAdapter db(**wh);
    auto t = FingerprintEveryTable(db);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? *t : std::vector<TableEntry>{};
  }

  size_t Generations() const {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(state())) n += publish::Generations::NumberOf(e.path()) > 0;
    return n;
  }

  Manifest MustCreate() {
    auto m = store_->Create();
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? *m : Manifest{};
  }

  fs::path dir_;
  std::unique_ptr<project::Project> project_;
  std::unique_ptr<SnapshotStore> store_;
};

constexpr const char* kFirst =
    "CREATE SCHEMA core; CREATE TABLE core.t (k INTEGER, s VARCHAR); INSERT INTO core.t VALUES (1, 'a'), (2, 'b'), "
    "(3, 'c')";
constexpr const char* kSecond =
    "CREATE SCHEMA core; CREATE TABLE core.t (k INTEGER, s VARCHAR); INSERT INTO core.t SELECT i, 'x' FROM range(5) "
    "r(i); CREATE SCHEMA marts; CREATE TABLE marts.m AS SELECT 1 AS one";

TEST_F(SnapshotStoreTest, RoundTripGivesBackEveryTable) {
  MakeGeneration(1, kFirst);
  const std::vector<TableEntry> before = TablesOf(Gen(1));
  Manifest m = MustCreate();
  ASSERT_FALSE(m.id.empty());
  EXPECT_TRUE(IsSnapshotId(m.id));
  EXPECT_EQ(m.source_generation, "gen-000001.duckdb");
  EXPECT_EQ(m.schema_version, migrations::kCurrentSchemaVersion);
  EXPECT_EQ(m.file_sha256, *objectstore::Sha256OfFile(Gen(1)));
  EXPECT_EQ(m.file_bytes, static_cast<int64_t>(fs::file_size(Gen(1))));
  EXPECT_EQ(m.tables, before);
  ASSERT_EQ(m.tables.size(), 2u);  // core.t and ops.schema_version
  EXPECT_EQ(m.tables[0].table, "core.t");
  EXPECT_EQ(m.tables[0].rows, 3);
  for (const auto& e : fs::directory_iterator(store_->root())) {
    EXPECT_FALSE(e.path().filename().string().starts_with(".tmp-")) << e.path();
  }
  auto verified = store_->Verify(m.id);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_TRUE(verified->hashes_compared);
  EXPECT_EQ(verified->tables_compared, 2u);

  MakeGeneration(2, kSecond);
  ASSERT_NE(TablesOf(Gen(2)), before);
  auto restored = store_->Restore(m.id, false);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->published.file, Gen(3));  // numbers only grow
  EXPECT_EQ(restored->published.replaced, Gen(2));
  EXPECT_EQ(Published(), Gen(3));
  EXPECT_EQ(*objectstore::Sha256OfFile(Gen(3)), m.file_sha256);
  EXPECT_EQ(TablesOf(Published()), before);
  EXPECT_FALSE(fs::exists(Gen(2)));  // no reader held it: collected
  // The snapshot itself is untouched and still whole.
  EXPECT_TRUE(store_->Verify(m.id).ok());
  auto listed = store_->List();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, m.id);
  ASSERT_TRUE((*listed)[0].manifest.has_value());
  EXPECT_EQ((*listed)[0].manifest->file_sha256, m.file_sha256);
}

TEST_F(SnapshotStoreTest, ADamagedCopyIsRefusedAndNothingChanges) {
  MakeGeneration(1, kFirst);
  Manifest m = MustCreate();
  MakeGeneration(2, kSecond);
  const fs::path copy = store_->root() / m.id / kWarehouseFileName;
  std::string bytes = Read(copy);
  ASSERT_GT(bytes.size(), 10000u);
  bytes[bytes.size() / 2] ^= 0x01;
  Write(copy, bytes);

  auto v = store_->Verify(m.id);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(Contains(v.status(), copy.string())) << v.status().ToString();
  EXPECT_TRUE(Contains(v.status(), "SHA-256")) << v.status().ToString();
  auto r = store_->Restore(m.id, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(Contains(r.status(), "is damaged; nothing was restored")) << r.status().ToString();
  EXPECT_EQ(Published(), Gen(2));
  EXPECT_EQ(Generations(), 2u);  // gen 1 (no writer collected it yet) and gen 2; no new one
  EXPECT_FALSE(fs::exists(Gen(3)));

  // A truncated copy is named by its size.
  Write(copy, bytes.substr(0, 4096));
  v = store_->Verify(m.id);
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(Contains(v.status(), "4096 bytes")) << v.status().ToString();
}

TEST_F(SnapshotStoreTest, AnEditedManifestIsRefused) {
  MakeGeneration(1, kFirst);
  Manifest m = MustCreate();
  const fs::path manifest = store_->root() / m.id / kManifestName;
  const std::string good = Read(manifest);
  std::string edited = good;
  size_t at = edited.find("\"rows\": 3");
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, 9, "\"rows\": 4");
  Write(manifest, edited);
  auto v = store_->Verify(m.id);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorruption);
  EXPECT_TRUE(Contains(v.status(), "core.t: 4 rows in the manifest, 3 in the file")) << v.status().ToString();
  EXPECT_TRUE(Contains(v.status(), manifest.string())) << v.status().ToString();

  edited = good;
  at = edited.find(m.tables[0].fingerprint);
  edited.replace(at, m.tables[0].fingerprint.size(), "12345");
  Write(manifest, edited);
  v = store_->Verify(m.id);
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(Contains(v.status(), "core.t: fingerprint 12345 in the manifest")) << v.status().ToString();

  Write(manifest, "{\"format\": 1");
  v = store_->Verify(m.id);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorruption);
  auto listed = store_->List();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_FALSE((*listed)[0].manifest.has_value());
  EXPECT_NE((*listed)[0].problem.find("not a JSON object"), std::string::npos) << (*listed)[0].problem;

  fs::remove(manifest);
  auto r = store_->Restore(m.id, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(Published(), Gen(1));
}

TEST_F(SnapshotStoreTest, AnUnpublishedGenerationIsRefusedUnlessDiscarded) {
  MakeGeneration(1, kFirst);
  Manifest m = MustCreate();
  MakeGeneration(2, kSecond, /*publish=*/false);  // what a failed build or an ingest leaves
  auto r = store_->Restore(m.id, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_TRUE(Contains(r.status(), Gen(2).string())) << r.status().ToString();
  EXPECT_TRUE(Contains(r.status(), "--discard-unpublished")) << r.status().ToString();
  EXPECT_EQ(Published(), Gen(1));
  EXPECT_TRUE(fs::exists(Gen(2)));

  r = store_->Restore(m.id, true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->published.discarded, Gen(2));
  EXPECT_EQ(Published(), Gen(3));
  EXPECT_FALSE(fs::exists(Gen(2)));
  auto unpublished = gens().Unpublished();
  ASSERT_TRUE(unpublished.ok());
  EXPECT_TRUE(unpublished->empty());
}

TEST_F(SnapshotStoreTest, AnOlderSchemaIsRestoredAndMigratedByTheNextWriter) {
  // Schema version 1: as an ecomdw before migration 2 wrote it.
  MakeGeneration(1, std::string(kFirst) + "; DELETE FROM ops.schema_version WHERE version > 1");
  Manifest m = MustCreate();
  EXPECT_EQ(m.schema_version, 1);
  MakeGeneration(2, kSecond);
  auto r = store_->Restore(m.id, false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*objectstore::Sha256OfFile(Published()), m.file_sha256);  // restored as it was
  auto work = project_->OpenWork(publish::BuildLock::Mode::kFail, "test");
  ASSERT_TRUE(work.ok()) << work.status().ToString();
  warehouse::DuckDbAdapter db(work->wh());
  EXPECT_EQ(*migrations::SchemaVersion(db), migrations::kCurrentSchemaVersion);
  EXPECT_EQ(*db.CountRows("core", "t"), 3);
}

TEST_F(SnapshotStoreTest, ANewerSchemaIsRefused) {
  MakeGeneration(1, kFirst);
  Manifest m = MustCreate();
  const fs::path manifest = store_->root() / m.id / kManifestName;
  std::string text = Read(manifest);
  const std::string from = fmt::format("\"schema_version\": {}", m.schema_version);
  text.replace(text.find(from), from.size(), "\"schema_version\": 99");
  Write(manifest, text);
  for (bool restore : {false, true}) {
    Status s = restore ? store_->Restore(m.id, true).status() : store_->Verify(m.id).status();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(s, "schema version 99, newer than this ecomdw")) << s.ToString();
  }
  EXPECT_EQ(Published(), Gen(1));

  // A published warehouse of a newer schema cannot be snapshotted by this ecomdw.
  MakeGeneration(2, std::string(kFirst) + "; INSERT INTO ops.schema_version VALUES (99, 'x', now()::TIMESTAMP, 'x')");
  auto refused = store_->Create();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  size_t entries = 0;
  for (const auto& e : fs::directory_iterator(store_->root())) entries += e.path().filename() != ".lock";
  EXPECT_EQ(entries, 1u);  // the first snapshot only, no half folder
}

TEST_F(SnapshotStoreTest, PruneKeepsTheNewest) {
  MakeGeneration(1, kFirst);
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(MustCreate().id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(store_->Prune(0).status().code(), StatusCode::kInvalidArgument);
  auto pruned = store_->Prune(3);
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  EXPECT_EQ(pruned->removed, std::vector<std::string>{ids[0]});
  EXPECT_EQ(pruned->kept, std::vector<std::string>(ids.begin() + 1, ids.end()));
  pruned = store_->Prune(1);
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(pruned->removed, std::vector<std::string>(ids.begin() + 1, ids.begin() + 3));
  auto listed = store_->List();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, ids[3]);
  EXPECT_FALSE(fs::exists(store_->root() / ids[0]));
  EXPECT_TRUE(store_->Verify(ids[3]).ok());
  pruned = store_->Prune(5);  // fewer than N: nothing to do
  ASSERT_TRUE(pruned.ok());
  EXPECT_TRUE(pruned->removed.empty());
}

TEST_F(SnapshotStoreTest, ACrashedCreateLeavesOnlyATempFolderTheNextCreateRemoves) {
  MakeGeneration(1, kFirst);
  // What a create or prune killed midway leaves: never listed as a snapshot.
  const fs::path left = store_->root() / ".tmp-snap-20261203T061500Z-ab12";
  fs::create_directories(left);
  Write(left / kWarehouseFileName, "half a copy");
  auto listed = store_->List();
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  Manifest m = MustCreate();
  EXPECT_FALSE(fs::exists(left));
  listed = store_->List();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, m.id);
}

TEST_F(SnapshotStoreTest, RefusalsNameWhatIsWrong) {
  auto nothing = store_->Create();
  ASSERT_FALSE(nothing.ok());
  EXPECT_TRUE(nothing.status().IsNotFound()) << nothing.status().ToString();
  EXPECT_TRUE(Contains(nothing.status(), "nothing is published yet")) << nothing.status().ToString();
  auto listed = store_->List();
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());  // no half snapshot left behind

  EXPECT_EQ(store_->Verify("../../etc").status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(store_->Verify("snap-20990101T000000Z-0000").status().IsNotFound());

  auto pg = project::Project::Load(dir_ / "p", "postgres");
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  SnapshotStore on_pg(*pg);
  Status s = on_pg.Create().status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(s, "DuckDB warehouse files only")) << s.ToString();
  EXPECT_EQ(on_pg.List().status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SnapshotStoreTest, AReaderHeldDuringCreateAndRestoreKeepsReading) {
  MakeGeneration(1, kFirst);
  auto reader = project_->OpenPublished();
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Manifest m = MustCreate();
  MakeGeneration(2, kSecond);
  ASSERT_TRUE(store_->Restore(m.id, false).ok());
  // The reader opened generation 1 and still reads it whole.
  auto n = (*reader)->Query("SELECT count(*), sum(k) FROM core.t");
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(std::get<int64_t>(n->rows[0][0]), 3);
}

}  // namespace
}  // namespace ecomdw::snapshot
