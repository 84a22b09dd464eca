// The manifest's JSON and the snapshot id: what is written is read back the
// same, and every kind of damage is named.
#include "snapshot/manifest.h"

#include <gtest/gtest.h>

#include "snapshot/snapshot_id.h"

namespace ecomdw::snapshot {
namespace {

Manifest Sample() {
  Manifest m;
  m.id = "snap-20261203T061500Z-ab12";
  m.created_at = "2026-12-03T06:15:00Z";
  m.ecomdw_version = "0.4.0";
  m.schema_version = 2;
  m.source_generation = "gen-000007.duckdb";
  m.file_bytes = 12345;
  m.file_sha256 = std::string(64, 'a');
  m.fingerprint_method = "duckdb v1 sum(hash(row))";
  m.tables = {{"core.a", 3, "123"}, {"ops.runs", 0, "0"}};
  return m;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

TEST(SnapshotManifestTest, RoundTrips) {
  Manifest m = Sample();
  auto back = ParseManifest(ManifestToJson(m), "manifest.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->id, m.id);
  EXPECT_EQ(back->created_at, m.created_at);
  EXPECT_EQ(back->schema_version, 2);
  EXPECT_EQ(back->source_generation, m.source_generation);
  EXPECT_EQ(back->file_bytes, 12345);
  EXPECT_EQ(back->file_sha256, m.file_sha256);
  EXPECT_EQ(back->fingerprint_method, m.fingerprint_method);
  EXPECT_EQ(back->tables, m.tables);
  EXPECT_EQ(back->TotalRows(), 3);
}

TEST(SnapshotManifestTest, DamageIsNamed) {
  const std::string good = ManifestToJson(Sample());
  struct Case {
    std::string text;
    std::string says;
  } cases[] = {
      {"{not json", "not a JSON object"},
      {good.substr(0, good.size() / 2), "not a JSON object"},
      {Replace(good, "\"schema_version\": 2", "\"schema_version\": \"2\""), "\"schema_version\" is missing"},
      {Replace(good, "\"bytes\": 12345", "\"bytes\": -1"), "file: \"bytes\" is missing or not a non-negative"},
      {Replace(good, std::string(64, 'a'), "abc"), "\"sha256\" is missing or not 64 lowercase hex digits"},
      {Replace(good, "\"name\": \"warehouse.duckdb\"", "\"name\": \"../../gen-000001.duckdb\""),
       "a snapshot holds \"warehouse.duckdb\""},
      {Replace(good, "\"id\": \"snap-20261203T061500Z-ab12\"", "\"id\": \"../x\""), "is not a snapshot id"},
      {Replace(good, "\"rows\": 3", "\"rows\": 3.5"), "tables[0]: \"rows\" is missing"},
      {Replace(good, "\"table\": \"ops.runs\"", "\"table\": \"core.a\""), "listed twice"},
      {Replace(good, "\"format\": 1", "\"format\": 2"), "manifest format 2"},
  };
  for (const Case& c : cases) {
    auto m = ParseManifest(c.text, "/p/.ecomdw/snapshots/x/manifest.json");
    ASSERT_FALSE(m.ok()) << c.says;
    EXPECT_EQ(m.status().code(), StatusCode::kCorruption);
    EXPECT_NE(m.status().message().find("/p/.ecomdw/snapshots/x/manifest.json"), std::string::npos)
        << m.status().message();
    EXPECT_NE(m.status().message().find(c.says), std::string::npos) << m.status().message();
  }
}

TEST(SnapshotIdTest, SortsByTimeAndAcceptsOnlyItsOwnShape) {
  using namespace std::chrono;
  const auto t = sys_days{year{2026} / 12 / 3} + hours{6} + minutes{15};
  EXPECT_EQ(MakeSnapshotId(t, 0xab12), "snap-20261203T061500Z-ab12");
  EXPECT_EQ(MakeSnapshotId(t, 0x1ab12), "snap-20261203T061500Z-ab12");  // low 16 bits
  EXPECT_EQ(UtcText(t), "2026-12-03T06:15:00Z");
  EXPECT_LT(MakeSnapshotId(t, 0xffff), MakeSnapshotId(t + seconds{1}, 0));
  EXPECT_LT(MakeSnapshotId(t + hours{23}, 0xffff), MakeSnapshotId(t + hours{24}, 0));
  EXPECT_TRUE(IsSnapshotId("snap-20261203T061500Z-ab12"));
  for (const char* bad : {"", "snap-20261203T061500Z-AB12", "snap-20261203T061500Z-ab1", "../snap-20261203T061500Z-ab12",
                          "snap-20261203T061500Z-ab12/..", ".tmp-snap-20261203T061500Z-ab12", "gen-000001.duckdb"}) {
    EXPECT_FALSE(IsSnapshotId(bad)) << bad;
  }
}

}  // namespace
}  // namespace ecomdw::snapshot
