#include "migrations/schema_migrations.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>

#include "common/sql_quote.h"

namespace ecomdw::migrations {
namespace {

using warehouse::EngineAdapter;
using warehouse::Value;

struct Migration {
  int version;
  const char* description;
  std::function<Status(EngineAdapter&)> apply;
};

bool HasColumn(const std::vector<warehouse::ColumnInfo>& columns, std::string_view name) {
  return std::any_of(columns.begin(), columns.end(), [&](const auto& c) { return c.name == name; });
}

// 1: the version table itself. A warehouse written before versioning has
// the shape of version 1 in every other table, so it only gains the table.
Status Baseline(EngineAdapter& db) {
  ECOMDW_TRY(db.CreateSchema("ops"));
  return db.wh().Execute(
      "CREATE TABLE IF NOT EXISTS ops.schema_version (version INTEGER NOT NULL, description VARCHAR NOT NULL, "
      "applied_at TIMESTAMP NOT NULL, applied_by VARCHAR NOT NULL)");
}

// 2: ops.runs records each run's verb and flags (for `status`); warehouses
// built before 2026-12-02 have ops.runs without it.
Status RunsArguments(EngineAdapter& db) {
  ECOMDW_ASSIGN_OR_RETURN(std::vector<warehouse::ColumnInfo> columns, db.Columns("ops", "runs"));
  if (columns.empty() || HasColumn(columns, "arguments")) return Status::OK();  // no runs yet, or already there
  return db.wh().Execute("ALTER TABLE ops.runs ADD COLUMN arguments VARCHAR");
}

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> list = {
      {1, "ops.schema_version: the warehouse records its schema version", Baseline},
      {2, "ops.runs.arguments: the verb and flags of each run", RunsArguments},
  };
  return list;
}

Status TooNew(int version, const std::string& where) {
  return Status::InvalidArgument(
      "{} has schema version {}, newer than this ecomdw {} knows (up to {}); use the ecomdw that wrote it, or a "
      "newer one", where, version, ECOMDW_VERSION, kCurrentSchemaVersion);
}

}  // namespace

Result<int> SchemaVersion(EngineAdapter& db) {
  ECOMDW_ASSIGN_OR_RETURN(bool exists, db.TableExists("ops", "schema_version"));
  if (!exists) return 0;
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r,
                          db.wh().Query("SELECT CAST(coalesce(max(version), 0) AS BIGINT) FROM ops.schema_version"));
  return static_cast<int>(std::get<int64_t>(r.Scalar()));
}

Status RefuseNewer(EngineAdapter& db, const std::string& where) {
  ECOMDW_ASSIGN_OR_RETURN(int version, SchemaVersion(db));
  return RefuseNewerVersion(version, where);
}

Status RefuseNewerVersion(int version, const std::string& where) {
  return version > kCurrentSchemaVersion ? TooNew(version, where) : Status::OK();
}

Result<MigrationReport> Migrate(EngineAdapter& db, const std::string& where) {
  MigrationReport report;
  ECOMDW_ASSIGN_OR_RETURN(report.from, SchemaVersion(db));
  if (report.from > kCurrentSchemaVersion) return TooNew(report.from, where);
  report.to = report.from;
  for (const Migration& m : Migrations()) {
    if (m.version <= report.from) continue;
    ECOMDW_TRY(db.wh().Begin());
    Status st = m.apply(db);
    if (st.ok()) {
      st = db.wh()
               .ExecuteParams("INSERT INTO ops.schema_version (version, description, applied_at, applied_by) "
                              "VALUES ($1, $2, $3, $4)",
                              {Value(static_cast<int64_t>(m.version)), Value(std::string(m.description)),
                               Value(warehouse::NowTimestamp()), Value(std::string("ecomdw ") + ECOMDW_VERSION)})
               .status();
    }
    if (st.ok()) st = db.wh().Commit();
    if (!st.ok()) {
      (void)db.wh().Rollback();  // `st` is the failure to report
      return st.WithContext(fmt::format("migrating {} to schema version {} ({})", where, m.version, m.description));
    }
    report.to = m.version;
    report.applied.push_back({m.version, m.description});
  }
  if (!report.applied.empty() && report.from > 0) {
    spdlog::info("upgraded {} from schema version {} to {}", where, report.from, report.to);
  }
  return report;
}

std::vector<AppliedMigration> KnownMigrations() {
  std::vector<AppliedMigration> out;
  for (const Migration& m : Migrations()) out.push_back({m.version, m.description});
  return out;
}

}  // namespace ecomdw::migrations
