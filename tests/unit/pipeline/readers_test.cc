// Readers against builds, with real processes: this test process holds one
// read-only DuckDB connection on the published generation (as a BI tool or
// notebook would) across three builds, each adding a day; while each build
// runs, `ecomdw query` processes read the warehouse again and again. Every
// build must succeed, the held connection must keep seeing exactly the state
// it opened, every other read must see the old or the new state and nothing
// in between, and the held generation must stay on disk until the reader
// lets go (then the next build removes it).
#include <gtest/gtest.h>
#include "ecomdw_binary.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw {
namespace {
namespace fs = std::filesystem;

// One scalar naming the whole state a reader sees: every order line, the
// daily mart and the run history.
constexpr const char* kStateSql =
    "SELECT (SELECT count(*) FROM core.fact_orders)::VARCHAR || ':' || "
    "(SELECT coalesce(sum(hash(x)), 0) FROM (SELECT COLUMNS(c -> c NOT LIKE '%batch%') FROM core.fact_orders) x)::VARCHAR || ':' || "
    "(SELECT coalesce(sum(hash(d)), 0) FROM marts.daily_sales_by_channel d)::VARCHAR || ':' || "
    "(SELECT count(*) FROM ops.runs)::VARCHAR AS state";

std::string Shell(const std::string& cmd, int* rc) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) {
    *rc = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  int status = ::pclose(p);
  *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string Ecomdw(const std::string& args, int* rc) {
  return Shell(std::string(ECOMDW_BINARY) + " --log-level warn " + args + " 2>&1", rc);
}

// The state as `ecomdw query` (a new reader process) sees it now.
std::string StateViaQuery(const fs::path& project) {
  int rc = 0;
  std::string out = Ecomdw("--project " + project.string() + " --format jsonl query \"" + kStateSql + "\"", &rc);
  if (rc != 0) return "query failed (exit " + std::to_string(rc) + "): " + out;
  size_t colon = out.find(":\"");
  size_t end = out.rfind('"');
  if (colon == std::string::npos || end <= colon + 2) return "unexpected output: " + out;
  return out.substr(colon + 2, end - colon - 2);
}

TEST(ReadersTest, AHeldReaderSeesOneStateAcrossThreeBuildsAndOthersSeeOldOrNew) {
  fs::path dir = fs::temp_directory_path() / ("ecomdw-readers-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::path project = dir / "p";
  int rc = 0;
  std::string out = Ecomdw("init " + project.string(), &rc);
  ASSERT_EQ(rc, 0) << out;
  out = Ecomdw("generate --scale 0.01 --seed 21 --days 20 --to file://" + (project / "raw").string(), &rc);
  ASSERT_EQ(rc, 0) << out;
  out = Ecomdw("--project " + project.string() + " build", &rc);
  ASSERT_EQ(rc, 0) << out;

  const fs::path held_file = fs::canonical(project / "warehouse.duckdb");
  auto held = warehouse::OpenDuckDb(held_file.string(), {.threads = 1, .read_only = true});
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  auto state = (*held)->Query(kStateSql);
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  const std::string opened_with = std::get<std::string>(state->Scalar());
  ASSERT_EQ(StateViaQuery(project), opened_with);

  std::string previous = opened_with;
  for (int build = 1; build <= 3; ++build) {
    out = Ecomdw("generate --append-day --to file://" + (project / "raw").string(), &rc);
    ASSERT_EQ(rc, 0) << out;
    std::atomic<bool> done{false};
    int build_rc = -1;
    std::string build_out;
    std::thread builder([&] {
      build_out = Ecomdw("--project " + project.string() + " build", &build_rc);
      done = true;
    });
    std::set<std::string> seen;
    int reads = 0;
    while (!done) {  // no sleep: each read is a whole process
      seen.insert(StateViaQuery(project));
      ++reads;
    }
    builder.join();
    ASSERT_EQ(build_rc, 0) << "build " << build << " failed while a reader held the published file:\n" << build_out;
    const std::string now = StateViaQuery(project);
    EXPECT_NE(now, previous) << "build " << build << " published nothing new";
    for (const std::string& s : seen) {
      EXPECT_TRUE(s == previous || s == now) << "a reader during build " << build << " saw neither the old nor the new "
                                             << "state: " << s << "\n old: " << previous << "\n new: " << now;
    }
    EXPECT_GT(reads, 0);
    // The held connection still sees exactly what it opened, and its file is kept.
    auto again = (*held)->Query(kStateSql);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(std::get<std::string>(again->Scalar()), opened_with) << "after build " << build;
    EXPECT_TRUE(fs::exists(held_file)) << "the held generation was removed under its reader";
    EXPECT_NE(fs::canonical(project / "warehouse.duckdb"), held_file);
    previous = now;
  }

  // Once the reader lets go, the next build removes its generation, and only
  // the published one is left.
  held->reset();
  out = Ecomdw("--project " + project.string() + " build", &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_FALSE(fs::exists(held_file)) << "an unheld old generation was kept";
  int generations = 0;
  for (const auto& e : fs::directory_iterator(project / ".ecomdw")) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("gen-") && name.ends_with(".duckdb")) ++generations;
  }
  EXPECT_EQ(generations, 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ecomdw
