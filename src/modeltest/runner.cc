#include "modeltest/runner.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/sql_quote.h"
#include "common/sql_type.h"
#include "models/project_models.h"
#include "models/runner.h"
#include "modeltest/scratch.h"
#include "warehouse/engine_adapter.h"

namespace ecomdw::modeltest {
namespace {

std::string RowText(const warehouse::Row& row) {
  std::string s;
  for (size_t c = 0; c < row.size(); ++c) s += (c ? "|" : "") + warehouse::ValueToString(row[c]);
  return s;
}

std::string ColumnList(const std::vector<warehouse::ColumnInfo>& cols) {
  std::string s;
  for (const warehouse::ColumnInfo& c : cols) s += (s.empty() ? "" : ", ") + c.name;
  return s;
}

}  // namespace

std::optional<Failure> Runner::Run(const std::vector<Step>& steps) {
  for (const Step& st : steps) {
    Failure f;
    Status s = RunStep(st, &f);
    if (s.ok()) continue;
    f.file = st.file;
    f.line = st.line;
    f.step = StepName(st);
    f.sql = st.sql;
    if (f.message.empty()) f.message = s.message();
    return f;
  }
  return std::nullopt;
}

Status Runner::RunStep(const Step& st, Failure* f) {
  switch (st.kind) {
    case StepKind::kStatementOk: return wh_.Execute(st.sql);
    case StepKind::kStatementError: return StatementError(st);
    case StepKind::kQuery: return Query(st, f);
    case StepKind::kFixture: return Fixture(st);
    case StepKind::kBuild: return Build(st);
    case StepKind::kSnapshot: return Snapshot(st.arg);
    case StepKind::kCompare: return Compare(st.arg, f);
    case StepKind::kInclude: return Status::Internal("include {} was not resolved (LoadTestFile)", st.arg);
  }
  return Status::Internal("unknown step");
}

Status Runner::StatementError(const Step& st) {
  Status s = wh_.Execute(st.sql);
  if (s.ok()) return Status::CheckFailed("the statement succeeded, but an error was expected");
  if (!st.arg.empty() && s.message().find(st.arg) == std::string::npos) {
    return Status::CheckFailed("the error does not contain \"{}\": {}", st.arg, s.message());
  }
  return Status::OK();
}

Result<std::vector<std::string>> Runner::RowsOf(const std::string& select_sql) {
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r, wh_.Query(select_sql));
  std::vector<std::string> out;
  out.reserve(r.rows.size());
  for (const warehouse::Row& row : r.rows) out.push_back(RowText(row));
  return out;
}

Status Runner::Query(const Step& st, Failure* f) {
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r, wh_.Query(st.sql));
  if (static_cast<int>(r.column_names.size()) != st.columns) {
    return Status::CheckFailed("the query returned {} columns, its header letters say {}", r.column_names.size(),
                               st.columns);
  }
  std::vector<std::string> got;
  for (const warehouse::Row& row : r.rows) got.push_back(RowText(row));
  RowDiff diff = DiffRows(st.expected, got, st.rowsort);
  if (diff.equal()) return Status::OK();
  f->has_rows = true;
  f->columns = r.column_names;
  f->expected = st.expected;
  f->actual = got;
  f->message = fmt::format("query result differs: {} rows expected, {} returned; {} expected rows missing, {} "
                           "rows unexpected{}",
                           st.expected.size(), got.size(), diff.missing.size(), diff.unexpected.size(),
                           st.rowsort ? " (rowsort)" : "");
  f->diff = std::move(diff);
  return Status::CheckFailed("{}", f->message);
}

// Values are bound, each cast to its column's type (common/sql_type.h), so
// a fixture writes what a real load would have typed.
Status Runner::Fixture(const Step& st) {
  const size_t dot = st.arg.find('.');
  const std::string schema = st.arg.substr(0, dot), table = st.arg.substr(dot + 1);
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> db, warehouse::AdapterFor(wh_));
  ECOMDW_ASSIGN_OR_RETURN(std::vector<warehouse::ColumnInfo> cols, db->Columns(schema, table));
  if (cols.empty()) {
    std::string sources;
    for (const config::Source& s : config_.sources) sources += (sources.empty() ? "" : ", ") + s.name;
    return Status::CheckFailed("there is no table {} (staging tables of this project's sources: {})", st.arg,
                               sources);
  }
  std::string names, values;
  for (size_t c = 0; c < st.header.size(); ++c) {
    const warehouse::ColumnInfo* info = nullptr;
    for (const warehouse::ColumnInfo& ci : cols) {
      if (ci.name == st.header[c]) info = &ci;
    }
    if (info == nullptr) {
      return Status::CheckFailed("{} has no column \"{}\" (it has: {})", st.arg, st.header[c], ColumnList(cols));
    }
    Result<SqlType> type = ParseSqlType(info->type);
    if (!type.ok()) return type.status().WithContext(fmt::format("column {}.{}", st.arg, info->name));
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(info->name, "fixture column"));
    names += (c ? ", " : "") + q;
    values += fmt::format("{}CAST(${} AS {})", c ? ", " : "", c + 1, type->ToSql());
  }
  ECOMDW_ASSIGN_OR_RETURN(std::string target, QuoteQualified(schema, table));
  const std::string sql = "INSERT INTO " + target + " (" + names + ") VALUES (" + values + ")";
  for (size_t r = 0; r < st.rows.size(); ++r) {
    std::vector<warehouse::Value> params;
    for (const std::string& v : st.rows[r]) params.push_back(v == "NULL" ? warehouse::Value{} : warehouse::Value{v});
    Result<int64_t> n = wh_.ExecuteParams(sql, params);
    if (!n.ok()) return n.status().WithContext(fmt::format("row {} of the fixture", r + 1));
  }
  return Status::OK();
}

Result<const models::ModelGraph*> Runner::Graph() {
  if (!graph_) {
    ECOMDW_ASSIGN_OR_RETURN(models::ModelGraph g, models::LoadProjectModels(config_.project_dir, wh_));
    graph_ = std::move(g);
  }
  return &*graph_;
}

Status Runner::Build(const Step& st) {
  ECOMDW_ASSIGN_OR_RETURN(const models::ModelGraph* graph, Graph());
  ECOMDW_TRY(SetTestBatches(wh_, config_, st.all_batches, st.batches));
  ECOMDW_ASSIGN_OR_RETURN(
      std::vector<models::TaskResult> results,
      models::RunModels(wh_, *graph,
                        {.run_id = fmt::format("test-{}", st.line),
                         .full_refresh = st.full_refresh,
                         .threads = config::MapWorkgroupToThisMachine(config_.workgroup).threads}));
  for (const models::TaskResult& r : results) {
    if (!r.status.ok() && !r.skipped) return Status::CheckFailed("model {} failed: {}", r.model, r.status.message());
  }
  return Status::OK();
}

// Views hold no rows of their own: only tables are snapshotted.
Result<std::vector<std::pair<std::string, std::string>>> Runner::ModelTables() {
  ECOMDW_ASSIGN_OR_RETURN(const models::ModelGraph* graph, Graph());
  std::vector<std::pair<std::string, std::string>> out;
  for (const models::Model& m : graph->ordered()) {
    if (m.materialization != models::Materialization::kView) out.emplace_back(m.schema, m.name);
  }
  return out;
}

Status Runner::Snapshot(const std::string& name) {
  ECOMDW_ASSIGN_OR_RETURN(auto tables, ModelTables());
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> db, warehouse::AdapterFor(wh_));
  const std::string schema = "snapshot_" + name;
  ECOMDW_TRY(db->CreateSchema(schema));
  for (const auto& [s, t] : tables) {
    const std::string copy = s + "__" + t;
    if (!IsSafeIdentifier(copy)) return Status::InvalidArgument("snapshot table name {} is too long", copy);
    ECOMDW_ASSIGN_OR_RETURN(std::string src, QuoteQualified(s, t));
    ECOMDW_TRY(db->ReplaceTableAs(schema, copy, "SELECT * FROM " + src));
  }
  return Status::OK();
}

Status Runner::Compare(const std::string& name, Failure* f) {
  ECOMDW_ASSIGN_OR_RETURN(auto tables, ModelTables());
  std::vector<std::string> differing;
  for (const auto& [s, t] : tables) {
    ECOMDW_ASSIGN_OR_RETURN(std::string now, QuoteQualified(s, t));
    ECOMDW_ASSIGN_OR_RETURN(std::string then, QuoteQualified("snapshot_" + name, s + "__" + t));
    Result<std::vector<std::string>> before = RowsOf("SELECT * FROM " + then);
    if (!before.ok()) return before.status().WithContext(fmt::format("no snapshot {} of {}.{}", name, s, t));
    ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> after, RowsOf("SELECT * FROM " + now));
    RowDiff d = DiffRows(*before, after, /*sorted=*/true);
    if (d.equal()) continue;
    differing.push_back(s + "." + t);
    const std::string prefix = s + "." + t + ": ";
    for (const std::string& r : *before) f->expected.push_back(prefix + r);
    for (const std::string& r : after) f->actual.push_back(prefix + r);
    for (DiffLine& l : d.lines) {
      if (l.kind == DiffLine::Kind::kSame) continue;  // only the changes: whole tables are long
      l.row = prefix + l.row;
      (l.kind == DiffLine::Kind::kMissing ? f->diff.missing : f->diff.unexpected).push_back(l.row);
      f->diff.lines.push_back(std::move(l));
    }
  }
  if (differing.empty()) return Status::OK();
  f->has_rows = true;
  f->message = fmt::format("model tables differ from snapshot {}: {} (- in the snapshot, + now)", name,
                           fmt::join(differing, ", "));
  return Status::CheckFailed("{}", f->message);
}

}  // namespace ecomdw::modeltest
