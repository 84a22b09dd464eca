// The whole binary, end to end, against the generator's ground truth:
// generate -> build, then days appended and built incrementally, then the
// published warehouse is compared with the truth (tests/e2e/models_truth)
// and a full refresh must reproduce every table exactly.
#include <gtest/gtest.h>
#include "ecomdw_binary.h"
#include "ecomdw_source_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "objectstore/file_util.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw {
namespace {
namespace fs = std::filesystem;

int RunEcomdw(const std::string& args, const fs::path& log) {
  std::string cmd = std::string(ECOMDW_BINARY) + " --log-level warn " + args + " >> " + log.string() + " 2>&1";
  return WEXITSTATUS(std::system(cmd.c_str()));
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// Opens a private copy of the published warehouse (the published file stays
// untouched and read-only for others).
std::unique_ptr<warehouse::Warehouse> OpenPublishedCopy(const fs::path& project, const fs::path& copy) {
  fs::path published = fs::canonical(project / "warehouse.duckdb");
  fs::copy_file(published, copy, fs::copy_options::overwrite_existing);
  auto wh = warehouse::OpenDuckDb(copy.string(), {.threads = 2});
  EXPECT_TRUE(wh.ok()) << wh.status().ToString();
  return wh.ok() ? std::move(wh).value() : nullptr;
}

// count and an order-independent hash of every row, per core/marts table.
std::map<std::string, std::string> Fingerprints(warehouse::Warehouse& wh) {
  std::map<std::string, std::string> out;
  auto tables = wh.Query(
      "SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE database_name = current_database() "
      "AND schema_name IN ('core', 'marts') ORDER BY 1");
  EXPECT_TRUE(tables.ok());
  for (const auto& row : tables->rows) {
    const std::string& t = std::get<std::string>(row[0]);
    auto fp = wh.Query("SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(CAST(x AS VARCHAR))::HUGEINT), 0)::VARCHAR "
                       "FROM " + t + " x");
    EXPECT_TRUE(fp.ok()) << fp.status().ToString();
    if (fp.ok()) out[t] = std::get<std::string>(fp->Scalar());
  }
  return out;
}

TEST(BuildTruthTest, IncrementalBuildsMatchTheTruthAndAFullRefresh) {
  fs::path dir = fs::temp_directory_path() / ("ecomdw-build-truth-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path project = dir / "project", log = dir / "run.log";
  ASSERT_EQ(RunEcomdw("init " + project.string(), log), 0);
  ASSERT_EQ(RunEcomdw("generate --scale 0.02 --seed 5 --days 40 --to file://" + (project / "raw").string(), log), 0);
  ASSERT_EQ(RunEcomdw("--project " + project.string() + " build", log), 0) << objectstore::ReadWholeFile(log).ValueOr("");
  for (int day = 0; day < 3; ++day) {
    ASSERT_EQ(RunEcomdw("generate --append-day --to file://" + (project / "raw").string(), log), 0);
    ASSERT_EQ(RunEcomdw("--project " + project.string() + " build", log), 0) << objectstore::ReadWholeFile(log).ValueOr("");
  }
  // A rerun with nothing new publishes the same warehouse.
  ASSERT_EQ(RunEcomdw("--project " + project.string() + " build", log), 0);

  auto wh = OpenPublishedCopy(project, dir / "copy.duckdb");
  ASSERT_NE(wh, nullptr);
  const std::string sql_dir = std::string(ECOMDW_SOURCE_DIR) + "/tests/e2e/models_truth/";
  auto views = objectstore::ReadWholeFile(sql_dir + "truth_views.sql");
  auto checks = objectstore::ReadWholeFile(sql_dir + "checks.sql");
  ASSERT_TRUE(views.ok() && checks.ok());
  Status s = wh->Execute(Replace(*views, "__TRUTH__", (project / "raw.truth").string()));
  ASSERT_TRUE(s.ok()) << s.ToString();
  s = wh->Execute(*checks);
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto results = wh->Query("SELECT check_name, failures FROM e2e_results ORDER BY 1");
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_GE(results->rows.size(), 5u);
  for (const auto& row : results->rows) {
    EXPECT_EQ(std::get<int64_t>(row[1]), 0) << "truth check " << std::get<std::string>(row[0]);
  }
  auto orders = wh->Query("SELECT count(DISTINCT order_id) FROM core.fact_orders");
  ASSERT_TRUE(orders.ok());
  EXPECT_GT(std::get<int64_t>(orders->Scalar()), 500);
  auto incremental = Fingerprints(*wh);
  wh.reset();

  ASSERT_EQ(RunEcomdw("--project " + project.string() + " run --full-refresh", log), 0)
      << objectstore::ReadWholeFile(log).ValueOr("");
  auto refreshed = OpenPublishedCopy(project, dir / "copy2.duckdb");
  ASSERT_NE(refreshed, nullptr);
  auto full = Fingerprints(*refreshed);
  EXPECT_EQ(full.size(), incremental.size());
  for (const auto& [table, fp] : incremental) EXPECT_EQ(full[table], fp) << table << " differs after a full refresh";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ecomdw
