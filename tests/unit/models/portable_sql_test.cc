// The project's model SQL is one text for every engine: every model's macros
// expand for DuckDB and PostgreSQL, and what reaches PostgreSQL holds none of
// DuckDB's own spellings. ECOMDW_DUMP_MODEL_SQL=DIR also writes each model's
// PostgreSQL text to DIR/<schema>.<name>.sql and their dependency order to
// DIR/order.txt (to run them by hand with psql).
#include <gtest/gtest.h>
#include "ecomdw_source_dir.h"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "models/project_models.h"
#include "warehouse/duckdb/duckdb_adapter.h"
#include "warehouse/duckdb/duckdb_warehouse.h"
#include "warehouse/postgres/postgres_adapter.h"

namespace ecomdw::models {
namespace {

TEST(PortableSqlTest, EveryModelExpandsForBothEnginesWithoutDuckDbSpellings) {
  auto parser = warehouse::OpenDuckDb(":memory:", {.threads = 1});
  ASSERT_TRUE(parser.ok());
  auto graph = LoadProjectModels(std::string(ECOMDW_SOURCE_DIR) + "/project", **parser);
  ASSERT_TRUE(graph.ok()) << graph.status().ToString();
  ASSERT_GE(graph->ordered().size(), 20u);
  // DuckDB-only syntax and functions the portable subset leaves out
  // (docs/models.md); comments are not looked at.
  const std::regex duckdb_only(
      R"((::|\bQUALIFY\b|\bBY NAME\b|\bEXCLUDE\b|\bGROUP BY ALL\b|\bstrftime\(|\bdate_trunc\('month', [a-z_.]+\)|\blist_\w+\(|\bisodow\(|\bepoch|\bOR REPLACE\b|'0x'))",
      std::regex::icase);
  const char* dump = std::getenv("ECOMDW_DUMP_MODEL_SQL");
  int n = 0;
  std::ofstream order;
  if (dump) order.open(std::string(dump) + "/order.txt");
  for (const Model& m : graph->ordered()) {
    auto duck = warehouse::ExpandMacros(m.sql, m.path, warehouse::DuckDbDialect());
    ASSERT_TRUE(duck.ok()) << duck.status().ToString();
    auto pg = warehouse::ExpandMacros(m.sql, m.path, warehouse::PostgresDialect());
    ASSERT_TRUE(pg.ok()) << pg.status().ToString();
    std::string code;  // the text without -- comments
    std::istringstream in(*pg);
    for (std::string line; std::getline(in, line);) code += line.substr(0, line.find("--")) + "\n";
    std::smatch hit;
    EXPECT_FALSE(std::regex_search(code, hit, duckdb_only)) << m.path << ": " << hit.str();
    if (dump) {
      std::ofstream(std::string(dump) + "/" + m.full_name() + ".sql") << *pg << "\n";
      order << m.full_name() << "\n";
    }
    ++n;
  }
  EXPECT_GE(n, 20);
}

TEST(PortableSqlTest, AnUnknownMacroFailsTheLoadNamingFileAndLine) {
  auto parser = warehouse::OpenDuckDb(":memory:", {.threads = 1});
  ASSERT_TRUE(parser.ok());
  auto dir = std::filesystem::temp_directory_path() / ("ecomdw-macro-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "models/core");
  std::ofstream(dir / "models/core/t.sql") << "-- materialization: table\nSELECT 1 AS a,\n  {{ monthname(a) }} AS b\n";
  auto graph = LoadProjectModels(dir, **parser);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message().rfind("models/core/t.sql:3: unknown macro \"monthname\"", 0), 0u)
      << graph.status().message();
}

}  // namespace
}  // namespace ecomdw::models
