#include "pipeline/work_warehouse.h"

#include "common/sql_quote.h"
#include "ingest/ledger.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::pipeline {
namespace fs = std::filesystem;
namespace {

Result<fs::path> TargetPath(const config::Config& cfg, const std::string& target_name) {
  ECOMDW_ASSIGN_OR_RETURN(const config::Target* target, cfg.FindTarget(target_name));
  if (target->type != config::TargetType::kDuckDb) {
    return Status::InvalidArgument("target \"{}\" is {}: builds run on a duckdb target for now", target->name,
                                   target->type == config::TargetType::kPostgres ? "postgres" : "redshift");
  }
  return cfg.Resolve(target->path);
}

warehouse::DuckDbOptions LocalOptions(const config::Config& cfg, bool read_only) {
  config::LocalLimits limits = config::MapWorkgroupToThisMachine(cfg.workgroup);
  warehouse::DuckDbOptions o;
  o.threads = limits.threads;
  o.memory_limit = limits.memory_limit_text();
  o.read_only = read_only;
  return o;
}

// History tables carried from the published file into the work file, with
// the columns that identify a row.
struct CarriedTable {
  const char* table;
  const char* key;
};
constexpr CarriedTable kCarried[] = {
    {"ingest_ledger", "bucket, object_key, version"},
    {"ingest_batches", "batch_id"},
    {"runs", "run_id"},
    {"check_results", "run_id, check_name"},
};

Status CarryHistory(warehouse::Warehouse& wh, const fs::path& published) {
  ECOMDW_TRY(wh.Execute("ATTACH " + QuoteLiteral(published.string()) + " AS published (READ_ONLY)"));
  Status status = [&]() -> Status {
    for (const CarriedTable& t : kCarried) {
      ECOMDW_ASSIGN_OR_RETURN(
          warehouse::QueryResult there,
          wh.Query("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'published' AND schema_name = 'ops' "
                   "AND table_name = $1",
                   {std::string(t.table)}));
      if (std::get<int64_t>(there.Scalar()) == 0) continue;
      std::string name = std::string("ops.") + t.table;
      ECOMDW_TRY(wh.Execute("CREATE SCHEMA IF NOT EXISTS ops; CREATE TABLE IF NOT EXISTS " + name +
                            " AS SELECT * FROM published." + name + " LIMIT 0"));
      std::string match;
      std::string keys = t.key;
      size_t start = 0;
      while (start < keys.size()) {
        size_t comma = keys.find(',', start);
        std::string k = keys.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        while (!k.empty() && k.front() == ' ') k.erase(0, 1);
        match += (match.empty() ? "" : " AND ") + ("w." + k + " = p." + k);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      ECOMDW_TRY(wh.Execute("INSERT INTO " + name + " SELECT * FROM published." + name +
                            " p WHERE NOT EXISTS (SELECT 1 FROM " + name + " w WHERE " + match + ")"));
    }
    return Status::OK();
  }();
  Status detach = wh.Execute("DETACH published");
  ECOMDW_TRY(status);
  return detach;
}

}  // namespace

Result<WorkWarehouse> OpenWorkWarehouse(const config::Config& cfg, const std::string& target_name) {
  ECOMDW_ASSIGN_OR_RETURN(fs::path link, TargetPath(cfg, target_name));
  fs::path state_dir = cfg.Resolve(".ecomdw");
  ECOMDW_ASSIGN_OR_RETURN(publish::BuildLock lock, publish::BuildLock::Acquire(state_dir / "build.lock"));
  publish::BlueGreen colors(link, state_dir);
  ECOMDW_ASSIGN_OR_RETURN(fs::path published, colors.Published());
  ECOMDW_ASSIGN_OR_RETURN(fs::path work, colors.WorkFile());
  Result<std::unique_ptr<warehouse::Warehouse>> wh = warehouse::OpenDuckDb(work.string(), LocalOptions(cfg, false));
  if (!wh.ok()) {
    if (wh.status().code() == StatusCode::kConflict) {
      return Status::Conflict("{} is still open in another process (a reader of the previous publish?): {}",
                              work.string(), wh.status().message());
    }
    return wh.status();
  }
  WorkWarehouse out{std::move(lock), colors, published, work, std::move(wh).value()};
  ingest::Ledger ledger(out.wh.get());
  ECOMDW_TRY(ledger.EnsureSchema());
  if (!published.empty()) ECOMDW_TRY(CarryHistory(*out.wh, published));
  return out;
}

Result<std::unique_ptr<warehouse::Warehouse>> OpenPublished(const config::Config& cfg, const std::string& target_name) {
  ECOMDW_ASSIGN_OR_RETURN(fs::path link, TargetPath(cfg, target_name));
  publish::BlueGreen colors(link, cfg.Resolve(".ecomdw"));
  ECOMDW_ASSIGN_OR_RETURN(fs::path published, colors.Published());
  if (published.empty()) {
    return Status::NotFound("nothing is published yet at {}; run `ecomdw build` first", link.string());
  }
  return warehouse::OpenDuckDb(published.string(), LocalOptions(cfg, true));
}

}  // namespace ecomdw::pipeline
