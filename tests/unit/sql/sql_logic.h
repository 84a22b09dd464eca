// The SQL test format of tests/sql/**/*.test, after DuckDB's sqllogictest,
// with two steps of our own that load staging rows and run the project's
// models. Used by sql_test_runner_test.cc.
//
//   # name: tests/sql/staging/stg_orders.test      (lines starting with # are comments)
//   # group: [staging]
//
//   fixture staging.crm_customers                  (rows into a table: a header of column
//   _batch_id|customer_id|email|updated_at          names, then one row a line, `|` between
//   1|C1|  Anna@X.com |2024-01-01 10:00:00          values, NULL for NULL; unlisted columns NULL)
//
//   build [full-refresh] [batches 1,2]             (ops.pending_batches := the batches, by
//                                                   default every _batch_id staged; then the
//                                                   project's models run; any failure fails)
//
//   statement ok | statement error                 (SQL until a blank line; for error, an
//   <sql>                                           optional `----` and a message substring)
//
//   query <one letter per column> [rowsort]        (SQL, `----`, expected rows with `|`
//   <sql>                                           between values; NULL for NULL; booleans
//   ----                                            true/false; rowsort compares sorted rows)
//   <rows>
//
//   include tests/sql/fixtures/x.fixture           (runs the steps of another file, e.g.
//                                                   shared fixtures; path from the source root)
//
//   snapshot NAME / compare NAME                   (copy every model table aside; later
//                                                   assert every model table equals its copy,
//                                                   as a multiset of rows)
//
// A step ends at a blank line. Values are compared as text: ValueToString of
// what the engine returned, so DECIMAL(12,2) prints 2 decimals.
#pragma once

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/sql_quote.h"
#include "models/project_models.h"
#include "models/runner.h"
#include "objectstore/file_util.h"
#include "warehouse/warehouse.h"

namespace ecomdw::sqltest {

enum class StepKind { kStatementOk, kStatementError, kQuery, kFixture, kBuild, kSnapshot, kCompare, kInclude };

struct Step {
  StepKind kind;
  int line = 0;                           // 1-based line of the step's first line
  std::string sql;                        // statement, query
  std::string arg;                        // fixture table, snapshot name, expected error text
  int columns = 0;                        // query: number of type letters
  bool rowsort = false;                   // query
  std::vector<std::string> expected;      // query rows
  std::vector<std::string> header;        // fixture
  std::vector<std::vector<std::string>> rows;  // fixture
  bool full_refresh = false;              // build
  std::vector<int64_t> batches;           // build; empty = every staged batch
  bool all_batches = true;                // build
};

inline std::vector<std::string> SplitFields(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t bar = line.find('|', start);
    out.push_back(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

inline std::string TrimRight(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

inline Result<std::vector<Step>> ParseTestFile(const std::string& path, const std::string& text) {
  std::vector<std::string> lines;
  {
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) lines.push_back(TrimRight(l));
  }
  std::vector<Step> steps;
  size_t i = 0;
  auto block = [&](size_t from, bool stop_at_dashes) {  // lines until blank (or ----)
    std::vector<std::string> out;
    for (i = from; i < lines.size() && !lines[i].empty(); ++i) {
      if (stop_at_dashes && lines[i] == "----") break;
      out.push_back(lines[i]);
    }
    return out;
  };
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& l : v) s += l + "\n";
    return s;
  };
  while (i < lines.size()) {
    const std::string& l = lines[i];
    if (l.empty() || l[0] == '#') {
      ++i;
      continue;
    }
    Step st;
    st.line = static_cast<int>(i) + 1;
    std::istringstream words(l);
    std::string verb;
    words >> verb;
    if (verb == "statement") {
      std::string mode;
      words >> mode;
      if (mode != "ok" && mode != "error") {
        return Status::InvalidArgument("{}:{}: statement ok|error expected", path, st.line);
      }
      st.kind = mode == "ok" ? StepKind::kStatementOk : StepKind::kStatementError;
      st.sql = join(block(i + 1, true));
      if (i < lines.size() && lines[i] == "----") st.arg = join(block(i + 1, false));
      if (!st.arg.empty()) st.arg.pop_back();
    } else if (verb == "query") {
      std::string types, sort;
      words >> types >> sort;
      if (types.empty()) return Status::InvalidArgument("{}:{}: query needs column types", path, st.line);
      st.kind = StepKind::kQuery;
      st.columns = static_cast<int>(types.size());
      st.rowsort = sort == "rowsort";
      st.sql = join(block(i + 1, true));
      if (i >= lines.size() || lines[i] != "----") {
        return Status::InvalidArgument("{}:{}: query without ---- and expected rows", path, st.line);
      }
      st.expected = block(i + 1, false);
    } else if (verb == "fixture") {
      st.kind = StepKind::kFixture;
      words >> st.arg;
      std::vector<std::string> body = block(i + 1, false);
      if (st.arg.empty() || body.empty()) {
        return Status::InvalidArgument("{}:{}: fixture <schema.table> then a header line", path, st.line);
      }
      st.header = SplitFields(body[0]);
      for (size_t r = 1; r < body.size(); ++r) {
        st.rows.push_back(SplitFields(body[r]));
        if (st.rows.back().size() != st.header.size()) {
          return Status::InvalidArgument("{}:{}: {} values for {} columns", path, st.line + static_cast<int>(r),
                                         st.rows.back().size(), st.header.size());
        }
      }
    } else if (verb == "build") {
      st.kind = StepKind::kBuild;
      std::string w;
      while (words >> w) {
        if (w == "full-refresh") {
          st.full_refresh = true;
        } else if (w == "batches") {
          std::string list;
          words >> list;
          st.all_batches = false;
          for (const std::string& b : SplitFields(std::string(list.begin(), list.end()))) {
            std::string item = b;
            std::replace(item.begin(), item.end(), ',', ' ');
            std::istringstream nums(item);
            int64_t n;
            while (nums >> n) st.batches.push_back(n);
          }
        } else {
          return Status::InvalidArgument("{}:{}: build [full-refresh] [batches 1,2,...]", path, st.line);
        }
      }
      ++i;
    } else if (verb == "include") {
      st.kind = StepKind::kInclude;
      words >> st.arg;
      if (st.arg.empty() || st.arg.find("..") != std::string::npos) {
        return Status::InvalidArgument("{}:{}: include <path under the source root>", path, st.line);
      }
      ++i;
    } else if (verb == "snapshot" || verb == "compare") {
      st.kind = verb == "snapshot" ? StepKind::kSnapshot : StepKind::kCompare;
      words >> st.arg;
      if (!IsSafeIdentifier(st.arg)) return Status::InvalidArgument("{}:{}: {} NAME", path, st.line, verb);
      ++i;
    } else {
      return Status::InvalidArgument("{}:{}: unknown step \"{}\"", path, st.line, verb);
    }
    steps.push_back(std::move(st));
  }
  return steps;
}

// Runs the steps of one file on `wh`, a fresh database. Stops at the first
// failing step; the Status names file and line.
class Runner {
 public:
  // `source_root` resolves include paths; models come from `project_dir`.
  Runner(warehouse::Warehouse& wh, std::filesystem::path source_root, std::filesystem::path project_dir,
         std::string path)
      : wh_(wh), source_root_(std::move(source_root)), project_dir_(std::move(project_dir)), path_(std::move(path)) {}

  Status Run(const std::vector<Step>& steps) { return RunSteps(path_, steps); }

 private:
  Status RunSteps(const std::string& path, const std::vector<Step>& steps) {
    for (const Step& st : steps) {
      Status s = RunStep(st);
      if (!s.ok()) return s.WithContext(fmt::format("{}:{}", path, st.line));
    }
    return Status::OK();
  }

  Status Include(const std::string& rel) {
    ECOMDW_ASSIGN_OR_RETURN(std::string text, objectstore::ReadWholeFile(source_root_ / rel));
    ECOMDW_ASSIGN_OR_RETURN(std::vector<Step> steps, ParseTestFile(rel, text));
    return RunSteps(rel, steps);
  }

  Status RunStep(const Step& st) {
    switch (st.kind) {
      case StepKind::kInclude:
        return Include(st.arg);
      case StepKind::kStatementOk:
        return wh_.Execute(st.sql);
      case StepKind::kStatementError: {
        Status s = wh_.Execute(st.sql);
        if (s.ok()) return Status::CheckFailed("statement succeeded but an error was expected");
        if (!st.arg.empty() && s.message().find(st.arg) == std::string::npos) {
          return Status::CheckFailed("error \"{}\" does not contain \"{}\"", s.message(), st.arg);
        }
        return Status::OK();
      }
      case StepKind::kQuery:
        return RunQuery(st);
      case StepKind::kFixture:
        return LoadFixture(st);
      case StepKind::kBuild:
        return Build(st);
      case StepKind::kSnapshot:
        return Snapshot(st.arg);
      case StepKind::kCompare:
        return Compare(st.arg);
    }
    return Status::Internal("unknown step");
  }

  Status RunQuery(const Step& st) {
    ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r, wh_.Query(st.sql));
    if (static_cast<int>(r.column_names.size()) != st.columns) {
      return Status::CheckFailed("query returned {} columns, the header says {}", r.column_names.size(), st.columns);
    }
    std::vector<std::string> got;
    for (const warehouse::Row& row : r.rows) {
      std::string s;
      for (size_t c = 0; c < row.size(); ++c) s += (c ? "|" : "") + warehouse::ValueToString(row[c]);
      got.push_back(s);
    }
    std::vector<std::string> want = st.expected;
    if (st.rowsort) {
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
    }
    if (got == want) return Status::OK();
    std::string msg = "query result differs\n--- expected\n";
    for (const std::string& w : want) msg += w + "\n";
    msg += "--- got\n";
    for (const std::string& g : got) msg += g + "\n";
    return Status::CheckFailed("{}", msg);
  }

  Status LoadFixture(const Step& st) {
    size_t dot = st.arg.find('.');
    if (dot == std::string::npos) return Status::InvalidArgument("fixture table must be schema.table");
    ECOMDW_ASSIGN_OR_RETURN(std::string table, QuoteQualified(st.arg.substr(0, dot), st.arg.substr(dot + 1)));
    std::string cols;
    for (const std::string& h : st.header) {
      ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(h, "fixture column"));
      cols += (cols.empty() ? "" : ", ") + q;
    }
    for (const std::vector<std::string>& row : st.rows) {
      std::string values;
      for (const std::string& v : row) values += std::string(values.empty() ? "" : ", ") + (v == "NULL" ? v : QuoteLiteral(v));
      ECOMDW_TRY(wh_.Execute("INSERT INTO " + table + " (" + cols + ") VALUES (" + values + ")"));
    }
    return Status::OK();
  }

  Result<const models::ModelGraph*> Graph() {
    if (!graph_loaded_) {
      ECOMDW_ASSIGN_OR_RETURN(graph_, models::LoadProjectModels(project_dir_, wh_));
      graph_loaded_ = true;
    }
    return &graph_;
  }

  Status Build(const Step& st) {
    ECOMDW_ASSIGN_OR_RETURN(const models::ModelGraph* graph, Graph());
    ECOMDW_TRY(wh_.Execute("DELETE FROM ops.pending_batches"));
    if (st.all_batches) {
      ECOMDW_ASSIGN_OR_RETURN(
          warehouse::QueryResult tables,
          wh_.Query("SELECT table_name FROM information_schema.columns WHERE table_schema = 'staging' "
                    "AND column_name = '_batch_id' ORDER BY table_name"));
      for (const warehouse::Row& row : tables.rows) {
        ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteQualified("staging", std::get<std::string>(row[0])));
        ECOMDW_TRY(wh_.Execute("INSERT INTO ops.pending_batches SELECT DISTINCT _batch_id FROM " + t +
                               " WHERE _batch_id NOT IN (SELECT batch_id FROM ops.pending_batches)"));
      }
    } else {
      for (int64_t b : st.batches) {
        ECOMDW_ASSIGN_OR_RETURN(int64_t n, wh_.ExecuteParams("INSERT INTO ops.pending_batches VALUES ($1)", {b}));
        (void)n;
      }
    }
    ECOMDW_ASSIGN_OR_RETURN(
        std::vector<models::TaskResult> results,
        models::RunModels(wh_, *graph, {.run_id = fmt::format("line{}", st.line), .full_refresh = st.full_refresh,
                                        .threads = 2}));
    for (const models::TaskResult& r : results) {
      if (!r.status.ok()) return Status::CheckFailed("model {} failed: {}", r.model, r.status.message());
    }
    return Status::OK();
  }

  // Model tables (views hold no data of their own).
  Result<std::vector<std::pair<std::string, std::string>>> ModelTables() {
    ECOMDW_ASSIGN_OR_RETURN(const models::ModelGraph* graph, Graph());
    std::vector<std::pair<std::string, std::string>> out;
    for (const models::Model& m : graph->ordered()) {
      if (m.materialization != models::Materialization::kView) out.emplace_back(m.schema, m.name);
    }
    return out;
  }

  Status Snapshot(const std::string& name) {
    ECOMDW_ASSIGN_OR_RETURN(auto tables, ModelTables());
    ECOMDW_TRY(wh_.Execute("CREATE SCHEMA IF NOT EXISTS snapshot_" + name));
    for (const auto& [schema, table] : tables) {
      ECOMDW_ASSIGN_OR_RETURN(std::string src, QuoteQualified(schema, table));
      ECOMDW_TRY(wh_.Execute(fmt::format("CREATE OR REPLACE TABLE snapshot_{}.{}__{} AS SELECT * FROM {}", name, schema,
                                         table, src)));
    }
    return Status::OK();
  }

  Status Compare(const std::string& name) {
    ECOMDW_ASSIGN_OR_RETURN(auto tables, ModelTables());
    std::string diffs;
    for (const auto& [schema, table] : tables) {
      ECOMDW_ASSIGN_OR_RETURN(std::string now, QuoteQualified(schema, table));
      std::string then = fmt::format("snapshot_{}.{}__{}", name, schema, table);
      ECOMDW_ASSIGN_OR_RETURN(
          warehouse::QueryResult r,
          wh_.Query(fmt::format("SELECT 'only in {0}' AS side, CAST(x AS VARCHAR) AS row_text FROM "
                                "(SELECT * FROM {1} EXCEPT ALL SELECT * FROM {2}) AS x "
                                "UNION ALL SELECT 'only now', CAST(y AS VARCHAR) FROM "
                                "(SELECT * FROM {2} EXCEPT ALL SELECT * FROM {1}) AS y ORDER BY 1, 2 LIMIT 6",
                                name, then, now)));
      for (const warehouse::Row& row : r.rows) {
        diffs += fmt::format("{}.{} {}: {}\n", schema, table, warehouse::ValueToString(row[0]),
                             warehouse::ValueToString(row[1]));
      }
    }
    if (!diffs.empty()) return Status::CheckFailed("model tables differ from snapshot {}:\n{}", name, diffs);
    return Status::OK();
  }

  warehouse::Warehouse& wh_;
  std::filesystem::path source_root_;
  std::filesystem::path project_dir_;
  std::string path_;
  models::ModelGraph graph_;
  bool graph_loaded_ = false;
};

}  // namespace ecomdw::sqltest
