// Model unit tests: the file format of a project's tests/**/*.test (as dbt's
// unit tests and SQLMesh's tests/*.yaml are: input rows for a model's
// upstream tables, the project's models run over them, expected rows out),
// after DuckDB's sqllogictest with two steps of our own that load staged
// rows and run the models. This file parses the format; runner.h runs it.
//
//   # name: tests/staging/stg_orders.test       (a line starting with # is a comment)
//
//   fixture staging.crm_customers               rows into a table: a header of column
//   _batch_id|customer_id|email|updated_at      names, then one row a line, `|` between
//   1|C1|  Anna@X.com |2024-01-01 10:00:00      values (kept as written, blanks too),
//                                               NULL for NULL; unlisted columns NULL.
//                                               Values are cast to the column's type.
//
//   build [full-refresh] [batches 1,2]          ops.pending_batches := the batches (by
//                                               default every _batch_id in the project's
//                                               staging.<source> tables), then every model
//                                               of the project runs; a failing model fails.
//
//   statement ok | statement error              SQL until a blank line; for `error`, an
//   <sql>                                       optional `----` and a substring the
//                                               engine's message must contain.
//
//   query <one letter per column> [rowsort]     SQL, `----`, the expected rows with `|`
//   <sql>                                       between values: NULL for NULL, booleans
//   ----                                        true/false, DECIMAL(12,2) with 2 decimals
//   <rows>                                      (values compared as text). rowsort compares
//                                               the rows sorted, else in the query's order.
//
//   include tests/fixtures/shop.fixture         the steps of another file, in place (a
//                                               shared fixture); path relative to the
//                                               project folder, never outside it.
//
//   snapshot NAME / compare NAME                copy every model table aside (as tables
//                                               snapshot_NAME.<schema>__<table>); later
//                                               assert every model table still equals its
//                                               copy, as a multiset of rows.
//
// A step ends at a blank line. The letters of `query` only count columns
// (I integer, R decimal, T text, B boolean are the usual ones).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/result.h"

namespace ecomdw::modeltest {

enum class StepKind { kStatementOk, kStatementError, kQuery, kFixture, kBuild, kSnapshot, kCompare, kInclude };

// One step, plain data. `file` and `line` say where it was written (an
// included step names the included file), for every message about it.
struct Step {
  StepKind kind = StepKind::kStatementOk;
  std::string file;                            // project-relative path
  int line = 0;                                // 1-based line of the step's first line
  std::string sql;                             // statement, query
  std::string arg;  // fixture table, snapshot name, include path, expected error text
  int columns = 0;                             // query: number of type letters
  bool rowsort = false;                        // query
  std::vector<std::string> expected;           // query: expected rows
  int expected_line = 0;                       // query: line of the first expected row
  std::vector<std::string> header;             // fixture: column names
  std::vector<std::vector<std::string>> rows;  // fixture: values as written
  bool full_refresh = false;                   // build
  bool all_batches = true;                     // build: no `batches` list
  std::vector<std::string> batches;            // build: the listed batch ids
};

// "statement ok", "query", "fixture", … for messages.
std::string StepName(const Step& step);

// Splits one row of a fixture or query at `|`; values are kept as written.
std::vector<std::string> SplitFields(const std::string& line);

// Parses `text`, the contents of `file` (project-relative, used in messages
// and Step::file). Include steps stay unresolved. InvalidArgument naming
// file:line for an unknown step, a query without `----`, a fixture row with
// the wrong number of values, a fixture table that is not schema.table, an
// include path that is absolute or leaves the project (..).
Result<std::vector<Step>> ParseTestFile(const std::string& file, const std::string& text);

// Reads and parses project_dir/file with every include replaced by the
// steps of the included file (recursively, at most 8 deep, so a cycle is an
// error and not a hang). InvalidArgument as ParseTestFile, or naming the
// include step's file:line when the included file is missing.
Result<std::vector<Step>> LoadTestFile(const std::filesystem::path& project_dir, const std::string& file);

// The same for steps parsed already: each include replaced by the included
// file's steps, read from project_dir.
Result<std::vector<Step>> ResolveIncludes(const std::filesystem::path& project_dir, std::vector<Step> steps);

}  // namespace ecomdw::modeltest
