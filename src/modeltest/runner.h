// Runs the steps of one model test (test_file.h) in a scratch warehouse
// (scratch.h), stopping at the first step that fails, and says why in a form
// a reader can act on: the step's file:line, and for a query the expected
// and the actual rows with the rows missing and unexpected (row_diff.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "models/dag.h"
#include "modeltest/row_diff.h"
#include "modeltest/test_file.h"
#include "warehouse/warehouse.h"

namespace ecomdw::modeltest {

// Why a test failed. Plain data.
struct Failure {
  std::string file;     // project-relative file of the failing step (an included one names itself)
  int line = 0;
  std::string step;     // StepName()
  std::string sql;      // the step's SQL, when it has some
  std::string message;  // one paragraph: what differed or the engine's error
  // Queries and compare: the rows on both sides and their difference
  // (compare: rows prefixed by their table, "core.dim_x: …").
  bool has_rows = false;
  std::vector<std::string> columns;  // query: the result's column names
  std::vector<std::string> expected;
  std::vector<std::string> actual;
  RowDiff diff;

  std::string where() const { return file + ":" + std::to_string(line); }
};

class Runner {
 public:
  // `wh`: a scratch warehouse after PrepareScratch; not owned, must outlive
  // the Runner. The project's models are read from config.project_dir at
  // the first `build` or `snapshot`.
  Runner(warehouse::Warehouse& wh, const config::Config& config) : wh_(wh), config_(config) {}

  // Runs `steps` (includes resolved: LoadTestFile) in order. nullopt when
  // every step passed; otherwise the first failure. Any error of the engine
  // or the models during a step is that step's failure.
  std::optional<Failure> Run(const std::vector<Step>& steps);

 private:
  Status RunStep(const Step& st, Failure* f);
  Status Query(const Step& st, Failure* f);
  Status StatementError(const Step& st);
  Status Fixture(const Step& st);
  Status Build(const Step& st);
  Status Snapshot(const std::string& name);
  Status Compare(const std::string& name, Failure* f);
  Result<const models::ModelGraph*> Graph();
  Result<std::vector<std::pair<std::string, std::string>>> ModelTables();
  Result<std::vector<std::string>> RowsOf(const std::string& select_sql);

  warehouse::Warehouse& wh_;
  const config::Config& config_;
  std::optional<models::ModelGraph> graph_;
};

}  // namespace ecomdw::modeltest
