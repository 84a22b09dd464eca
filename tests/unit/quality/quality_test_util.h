// Helpers for the quality tests: an in-memory DuckDB with hand-made tables,
// and checks written as TOML text for one table.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "quality/checks.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::quality::testing {

inline std::unique_ptr<warehouse::Warehouse> OpenMemory() {
  auto wh = warehouse::OpenDuckDb(":memory:", {.threads = 2});
  EXPECT_TRUE(wh.ok()) << wh.status().ToString();
  return wh.ok() ? std::move(*wh) : nullptr;
}

inline void Exec(warehouse::Warehouse& wh, const std::string& sql) {
  Status s = wh.Execute(sql);
  ASSERT_TRUE(s.ok()) << s.ToString();
}

// Parses `toml` as checks/<schema>/<table>.toml; fails the test on error.
inline std::vector<Check> Parse(const std::string& table_name, const std::string& toml) {
  auto dot = table_name.find('.');
  std::string path = "checks/" + table_name.substr(0, dot) + "/" + table_name.substr(dot + 1) + ".toml";
  auto checks = ParseCheckFile(path, toml);
  EXPECT_TRUE(checks.ok()) << checks.status().ToString();
  return checks.ok() ? *checks : std::vector<Check>{};
}

// Runs exactly one check (given as TOML) and returns its result.
inline CheckResult RunOneCheck(warehouse::Warehouse& wh, const std::string& table_name, const std::string& toml) {
  std::vector<Check> checks = Parse(table_name, toml);
  EXPECT_EQ(checks.size(), 1u);
  auto summary = RunChecks(wh, checks, "test-run", {}, {.record = false});
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  if (!summary.ok() || summary->results.size() != 1) return CheckResult{};
  const CheckResult& r = summary->results[0];
  EXPECT_TRUE(r.error.empty()) << r.check.name << ": " << r.error << "\nSQL: " << r.check.sql;
  return r;
}

}  // namespace ecomdw::quality::testing
