// Data-quality checks: declared in a project's checks/<schema>/<table>.toml,
// compiled to SQL that returns the failing rows (zero rows = pass), run
// against a warehouse, and recorded in ops.check_results as history.
//
// This is the public API of src/quality for `ecomdw check` and `ecomdw build`.
// It does not decide what a failure means for a build (publish or roll back):
// callers read CheckRunSummary::HasErrorFailures().
//
// File format (docs/checks.md has the whole reference):
//
//   # checks/core/fact_orders.toml: checks on core.fact_orders
//   [[check]]
//   type = "unique"                       # required, one of CheckTypeName()
//   columns = ["order_id", "line_number"]
//   severity = "error"                    # error (default) | warn
//   name = "one_row_per_line"             # optional; default derived from type and columns
//   where = "NOT is_cancelled"            # optional SQL filter on the table's rows
//
// Numbers (thresholds, bounds) are TOML integers, or decimals written as
// strings ("0.5"): the shared strict TOML reader has no float getter.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "warehouse/warehouse.h"

namespace ecomdw::quality {

enum class CheckType {
  kNotNull,
  kUnique,
  kRelationships,
  kAcceptedValues,
  kRange,
  kExpression,
  kRowCount,
  kFreshness,
  kReconciliation,
  kVolumeAnomaly,
  kQuarantineRate,
};

enum class Severity { kError, kWarn };

enum class CheckStatus { kPass, kWarn, kFail, kError };

std::string_view CheckTypeName(CheckType t);     // "not_null", …
std::string_view SeverityName(Severity s);       // "error" | "warn"
std::string_view CheckStatusName(CheckStatus s); // "pass" | "warn" | "fail" | "error"

// One compiled check. Plain data: copy freely.
struct Check {
  std::string name;    // "<schema>.<table>.<short_name>", unique in a project
  std::string schema;  // the table the file is about
  std::string table;
  CheckType type = CheckType::kNotNull;
  Severity severity = Severity::kError;
  std::string description;  // optional, from the file
  std::string file;         // project-relative, e.g. checks/core/fact_orders.toml
  int line = 0;             // line of the check's [[check]] header
  // One SELECT returning the failing rows; no trailing semicolon. Identifiers
  // are quoted; values from the file are literals quoted by common/sql_quote.h
  // or numbers validated at load time. Expressions and queries a check file
  // gives (where, expression, left/right, skip_when, reference) are project
  // SQL and are used as written, like model files.
  std::string sql;

  std::string table_name() const { return schema + "." + table; }
  std::string short_name() const;  // name without "<schema>.<table>."
};

// Parses one check file. `path` names the file in messages and must look
// like [.../]checks/<schema>/<table>.toml with safe identifiers. Returns the
// checks in file order. InvalidArgument "PATH:LINE: ..." on a syntax error,
// an unknown key (`unknown key "check[1].colum"`), a value of the wrong type,
// a missing required key, a bad identifier, an unknown type or severity, or
// two checks of the file with the same name.
Result<std::vector<Check>> ParseCheckFile(const std::string& path, const std::string& text);

// Every checks/<schema>/<table>.toml under `project_dir`, sorted by path,
// parsed with ParseCheckFile (messages name project-relative paths). A
// project without a checks/ folder has no checks (OK, empty). Returns the
// first file's error; InvalidArgument when two files give the same name.
Result<std::vector<Check>> LoadChecks(const std::filesystem::path& project_dir);

struct CheckResult {
  Check check;
  CheckStatus status = CheckStatus::kPass;
  int64_t failing_rows = 0;  // rows the check's SQL returned; 0 for an error
  std::string sample_json;   // JSON array of up to 5 failing rows as objects; "[]" when none
  std::string error;         // the engine's message when status is kError
  double duration_ms = 0;
};

struct CheckRunSummary {
  std::string run_id;
  int passed = 0;
  int warned = 0;   // severity warn and failing rows
  int failed = 0;   // severity error and failing rows
  int errored = 0;  // SQL did not run (either severity)
  double duration_ms = 0;
  std::vector<CheckResult> results;  // in run order

  // True when a check of severity error failed or could not run: the build
  // must not publish. A warn check that errored does not count.
  bool HasErrorFailures() const;
};

// Selects checks: a selector matches a check's full name, its short name, its
// table ("core.fact_orders") or its bare table name ("fact_orders"). Empty
// `select` = every check. InvalidArgument naming a selector that matches none.
Result<std::vector<Check>> SelectChecks(const std::vector<Check>& checks, const std::vector<std::string>& select);

// Creates ops.check_results if missing. Idempotent.
//   run_id, check_name, table_name, check_type, severity, status, failing_rows,
//   sample (JSON text), error, duration_ms, checked_at, check_sql
Status EnsureCheckResultsTable(warehouse::Warehouse& wh);

// Appends one row per result to ops.check_results (creating it if missing),
// in one transaction unless the session already has one open (`in_transaction`).
Status RecordCheckResults(warehouse::Warehouse& wh, const CheckRunSummary& summary, bool in_transaction = false);

struct RunChecksOptions {
  bool record = true;           // append the results to ops.check_results
  bool in_transaction = false;  // the caller holds an open transaction on `wh`
};

// Runs the selected checks one after another on `wh` and returns their
// results. A check's outcome is never a failed Status: a failing check is a
// result with status fail/warn, a check whose SQL does not run (missing table
// or column) a result with status error. The Status is not OK only when the
// run could not be carried out: a selector matching nothing
// (InvalidArgument), or recording the results failed.
//
// Each check runs `SELECT count(*)` over its SQL, and on failure a second
// query for a sample of 5 rows. Read-only apart from ops.check_results; a
// rerun appends another set of rows under its run_id (history).
// On DuckDB a statement error aborts an open transaction: with
// in_transaction, the checks after an errored one error too.
// REQUIRES: `wh` is not used by another thread during the call.
Result<CheckRunSummary> RunChecks(warehouse::Warehouse& wh, const std::vector<Check>& checks,
                                  const std::string& run_id, const std::vector<std::string>& select,
                                  const RunChecksOptions& options = {});

}  // namespace ecomdw::quality
