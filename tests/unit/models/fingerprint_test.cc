// Change-aware builds: fingerprints, the change plan, and the runner
// recording a fingerprint only for models it built in full.
#include <gtest/gtest.h>

#include "models/dag.h"
#include "models/fingerprint.h"
#include "models/runner.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::models {
namespace {

Model Make(const std::string& name, const std::string& select, std::vector<std::string> reads,
           const std::string& materialization = "table") {
  std::string path = "models/" + name.substr(0, name.find('.')) + "/" + name.substr(name.find('.') + 1) + ".sql";
  std::string header = "-- materialization: " + materialization + "\n";
  if (materialization == "incremental") header += "-- unique_key: k\n";
  auto m = ParseModelFile(path, header + select);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  m->reads = std::move(reads);
  return *m;
}

// s.a -> c.b -> m.c, and s.a -> m.d
ModelGraph Shop(const std::string& b_sql = "SELECT k FROM s.a") {
  auto g = ModelGraph::Build({Make("s.a", "SELECT 1 AS k", {}, "incremental"), Make("c.b", b_sql, {"s.a"}),
                              Make("m.c", "SELECT k FROM c.b", {"c.b"}), Make("m.d", "SELECT k FROM s.a", {"s.a"})});
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return *g;
}

std::map<std::string, StoredFingerprint> AsStored(const std::map<std::string, Fingerprint>& fps) {
  std::map<std::string, StoredFingerprint> out;
  for (const auto& [name, fp] : fps) out[name] = {.fp = fp, .run_id = "r1"};
  return out;
}

const std::set<std::string> kAll = {"s.a", "c.b", "m.c", "m.d"};

TEST(FingerprintTest, AnEditChangesTheModelAndEverythingDownstreamOnly) {
  auto before = FingerprintModels(Shop());
  auto again = FingerprintModels(Shop());
  auto after = FingerprintModels(Shop("SELECT k, 2 AS extra FROM s.a"));
  for (const char* m : {"s.a", "c.b", "m.c", "m.d"}) EXPECT_EQ(before.at(m).fingerprint, again.at(m).fingerprint);
  EXPECT_EQ(before.at("s.a").fingerprint, after.at("s.a").fingerprint);
  EXPECT_EQ(before.at("m.d").fingerprint, after.at("m.d").fingerprint);
  EXPECT_NE(before.at("c.b").sql_sha256, after.at("c.b").sql_sha256);
  EXPECT_EQ(before.at("m.c").sql_sha256, after.at("m.c").sql_sha256);    // its own text is the same,
  EXPECT_NE(before.at("m.c").fingerprint, after.at("m.c").fingerprint);  // its input is not
}

TEST(FingerprintTest, TheHeaderCounts) {
  auto g1 = ModelGraph::Build({Make("s.a", "SELECT 1 AS k", {}, "table")});
  auto g2 = ModelGraph::Build({Make("s.a", "SELECT 1 AS k", {}, "view")});
  ASSERT_TRUE(g1.ok() && g2.ok());
  EXPECT_NE(FingerprintModels(*g1).at("s.a").fingerprint, FingerprintModels(*g2).at("s.a").fingerprint);
}

TEST(FingerprintTest, PlanRebuildsTheEditedModelAndItsDownstream) {
  auto stored = AsStored(FingerprintModels(Shop()));
  ChangePlan none = PlanChanges(Shop(), stored, kAll);
  EXPECT_TRUE(none.rebuild.empty());
  ChangePlan plan = PlanChanges(Shop("SELECT k, 2 AS extra FROM s.a"), stored, kAll);
  EXPECT_EQ(plan.rebuild, (std::vector<std::string>{"c.b", "m.c"}));
  ASSERT_EQ(plan.models.size(), 4u);
  for (const ModelChange& c : plan.models) {
    if (c.model == "c.b") {
      EXPECT_EQ(c.reason, ChangeReason::kEdited);
    }
    if (c.model == "m.c") {
      EXPECT_EQ(c.reason, ChangeReason::kUpstream);
      EXPECT_EQ(c.upstream, "c.b");
    }
    if (c.model == "s.a" || c.model == "m.d") {
      EXPECT_EQ(c.reason, ChangeReason::kUnchanged);
    }
  }
}

TEST(FingerprintTest, NewModelsMissingTablesAndASkippedDownstream) {
  auto fps = FingerprintModels(Shop());
  auto stored = AsStored(fps);
  stored.erase("m.d");  // never built in full by a fingerprinting build
  ChangePlan plan = PlanChanges(Shop(), stored, {"s.a", "c.b", "m.d"});  // m.c's table is gone
  EXPECT_EQ(plan.rebuild, (std::vector<std::string>{"m.c", "m.d"}));
  // c.b was rebuilt from an edit but m.c, downstream, was skipped: m.c keeps
  // the fingerprint of the old input and is rebuilt next time.
  auto edited = FingerprintModels(Shop("SELECT k, 2 AS extra FROM s.a"));
  stored = AsStored(fps);
  stored["c.b"].fp = edited.at("c.b");
  ChangePlan next = PlanChanges(Shop("SELECT k, 2 AS extra FROM s.a"), stored, kAll);
  EXPECT_EQ(next.rebuild, (std::vector<std::string>{"m.c"}));
  EXPECT_EQ(next.models[2].reason, ChangeReason::kUpstream);
}

TEST(FingerprintTest, RunnerRecordsFingerprintsOfModelsBuiltInFull) {
  auto wh = warehouse::OpenDuckDb(":memory:", {.threads = 2});
  ASSERT_TRUE(wh.ok()) << wh.status().ToString();
  ModelGraph g = Shop();
  RunOptions run{.run_id = "r1", .threads = 1};
  auto results = RunModels(**wh, g, run);
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  for (const TaskResult& t : *results) ASSERT_TRUE(t.status.ok()) << t.model << ": " << t.status.ToString();
  auto stored = LoadFingerprints(**wh);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  // The incremental s.a was created, not refreshed in full: no fingerprint yet.
  EXPECT_EQ(stored->size(), 3u);
  EXPECT_FALSE(stored->count("s.a"));
  EXPECT_EQ(stored->at("m.c").fp.fingerprint, FingerprintModels(g).at("m.c").fingerprint);
  run.full_refresh = true;
  run.run_id = "r2";
  ASSERT_TRUE(RunModels(**wh, g, run).ok());
  stored = LoadFingerprints(**wh);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 4u);
  EXPECT_EQ(stored->at("s.a").run_id, "r2");
  auto plan = PlanChanges(**wh, g);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->rebuild.empty());
}

}  // namespace
}  // namespace ecomdw::models
