#include "project/project.h"

#include <spdlog/spdlog.h>

#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::project {
namespace fs = std::filesystem;
namespace {

warehouse::DuckDbOptions LocalOptions(const config::Config& cfg, bool read_only) {
  config::LocalLimits limits = config::MapWorkgroupToThisMachine(cfg.workgroup);
  warehouse::DuckDbOptions o;
  o.threads = limits.threads;
  o.memory_limit = limits.memory_limit_text();
  o.read_only = read_only;
  return o;
}

int64_t FileBytes(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0 : static_cast<int64_t>(n);
}

// The engine statements of a file generation, in one place: the DuckDB
// engine adapter (warehouse/duckdb/) is where they move once it has typed
// calls for them.
namespace duckdb_sql {
// The loader's scratch schema holds raw rows (e-mails included) between
// the steps of one batch; it must never be in a published file.
constexpr const char* kDropScratch = "DROP SCHEMA IF EXISTS staging_work CASCADE";
constexpr const char* kCheckpoint = "CHECKPOINT";
constexpr const char* kBlocks = "SELECT total_blocks, free_blocks FROM pragma_database_size() WHERE database_name = current_database()";
}  // namespace duckdb_sql

}  // namespace

Status NameDiskFull(const Status& status, const fs::path& file) {
  if (status.ok()) return status;
  const std::string& m = status.message();
  if (m.find("No space left on device") == std::string::npos && m.find("no space left on device") == std::string::npos) {
    return status;
  }
  spdlog::debug("engine error behind the full disk: {}", m);
  return Status::IOError("no space left on device while writing {}; nothing was published", file.string());
}

// ---- Work -------------------------------------------------------------

Work::Work(publish::BuildLock lock, publish::Generations generations, publish::WorkGeneration generation,
           std::unique_ptr<warehouse::Warehouse> wh)
    : lock_(std::move(lock)),
      generations_(std::move(generations)),
      generation_(std::move(generation)),
      wh_(std::move(wh)) {}

Work::~Work() { wh_.reset(); }  // close before the lock is released

Status Work::Close() {
  if (!wh_) return Status::OK();
  Status s = wh_->Execute(duckdb_sql::kCheckpoint);
  wh_.reset();
  return NameDiskFull(s, generation_.file);
}

Result<PublishReport> Work::Publish() {
  if (!wh_) return Status::Internal("Work::Publish after the session was closed");
  const fs::path& file = generation_.file;
  ECOMDW_TRY(NameDiskFull(wh_->Execute(duckdb_sql::kDropScratch), file));
  ECOMDW_TRY(NameDiskFull(wh_->Execute(duckdb_sql::kCheckpoint), file));
  PublishReport report;
  report.file = file;
  Result<warehouse::QueryResult> blocks = wh_->Query(duckdb_sql::kBlocks);
  if (blocks.ok() && !blocks->rows.empty()) {
    report.total_blocks = std::get<int64_t>(blocks->rows[0][0]);
    report.free_blocks = std::get<int64_t>(blocks->rows[0][1]);
  }
  wh_.reset();  // closed before the swap: readers must find a whole file
  // A checkpointed, closed generation has no log; one left means the close
  // did not finish its checkpoint, and readers would not see its tail.
  if (fs::exists(file.string() + ".wal") && FileBytes(file.string() + ".wal") > 0) {
    return Status::IOError("{}.wal is still there after the checkpoint; nothing was published", file.string());
  }
  ECOMDW_TRY(NameDiskFull(generations_.Publish(file), file));
  report.file_bytes = FileBytes(file);
  Result<publish::Collected> collected = generations_.CollectGarbage();
  if (collected.ok()) {
    report.removed = std::move(collected->removed);
    report.held = std::move(collected->held);
  } else {
    spdlog::warn("published {}, but old generations were not removed: {}", file.string(),
                 collected.status().ToString());
  }
  return report;
}

// ---- Project ----------------------------------------------------------

Project::Project(config::Config config, config::Target target)
    : config_(std::move(config)), target_(std::move(target)) {}

Result<Project> Project::Load(const fs::path& dir, const std::string& target_name) {
  ECOMDW_ASSIGN_OR_RETURN(config::Config cfg, config::LoadConfig(dir));
  ECOMDW_ASSIGN_OR_RETURN(const config::Target* target, cfg.FindTarget(target_name));
  config::Target resolved = *target;
  return Project(std::move(cfg), std::move(resolved));
}

Result<publish::Generations> Project::FileGenerations() const {
  if (target_.type != config::TargetType::kDuckDb) {
    return Status::InvalidArgument("target \"{}\" is {}: ecomdw builds and reads duckdb targets for now",
                                   target_.name,
                                   target_.type == config::TargetType::kPostgres ? "postgres" : "redshift");
  }
  return publish::Generations(config_.Resolve(target_.path), state_dir());
}

Result<std::unique_ptr<warehouse::Warehouse>> Project::OpenPublished() const {
  ECOMDW_ASSIGN_OR_RETURN(publish::Generations gens, FileGenerations());
  // A writer removes an old generation once no reader holds it; a reader
  // that resolved the link just before finds its file gone and resolves
  // the link again (it then names a newer generation).
  Status last;
  for (int attempt = 0; attempt < 5; ++attempt) {
    ECOMDW_ASSIGN_OR_RETURN(fs::path published, gens.Published());
    if (published.empty()) {
      return Status::NotFound("nothing is published yet at {}; run `ecomdw build` first",
                              config_.Resolve(target_.path).string());
    }
    Result<std::unique_ptr<warehouse::Warehouse>> wh =
        warehouse::OpenDuckDb(published.string(), LocalOptions(config_, true));
    if (wh.ok() || fs::exists(published)) return wh;
    last = wh.status();
  }
  return last;
}

Result<std::unique_ptr<warehouse::Warehouse>> Project::OpenUnpublished() const {
  ECOMDW_ASSIGN_OR_RETURN(publish::Generations gens, FileGenerations());
  ECOMDW_ASSIGN_OR_RETURN(fs::path unpublished, gens.Unpublished());
  if (unpublished.empty()) {
    return Status::NotFound("there is no unpublished generation: the last build published everything it wrote");
  }
  Result<std::unique_ptr<warehouse::Warehouse>> wh =
      warehouse::OpenDuckDb(unpublished.string(), LocalOptions(config_, true));
  if (!wh.ok() && wh.status().code() == StatusCode::kConflict) {
    return Status::Conflict("{} is being written by a running build or ingest; try again when it ends",
                            unpublished.string());
  }
  return wh;
}

Result<Work> Project::OpenWork(publish::BuildLock::Mode mode, const std::string& verb,
                               bool discard_unpublished) const {
  ECOMDW_ASSIGN_OR_RETURN(publish::Generations gens, FileGenerations());
  ECOMDW_ASSIGN_OR_RETURN(publish::BuildLock lock, publish::BuildLock::Acquire(state_dir() / "build.lock", mode, verb));
  // Leftovers of earlier writers (old generations readers have let go of,
  // half copies of a killed writer) go before anything new is written.
  Result<publish::Collected> collected = gens.CollectGarbage();
  if (!collected.ok()) spdlog::warn("old generations were not removed: {}", collected.status().ToString());

  Result<publish::WorkGeneration> prepared = gens.PrepareWork(discard_unpublished);
  if (!prepared.ok()) {
    return NameDiskFull(prepared.status(), state_dir() / "gen-*.duckdb")
        .WithContext("preparing the work generation");
  }
  publish::WorkGeneration generation = std::move(prepared).value();
  if (generation.reused) {
    spdlog::info("continuing the unpublished generation {}", generation.file.filename().string());
  } else if (generation.copied_bytes > 0) {
    spdlog::info("copied the published generation into {} ({:.1f} MB in {:.2f} s)",
                 generation.file.filename().string(), static_cast<double>(generation.copied_bytes) / 1e6,
                 generation.copy_seconds);
  }
  Result<std::unique_ptr<warehouse::Warehouse>> wh =
      warehouse::OpenDuckDb(generation.file.string(), LocalOptions(config_, false));
  if (!wh.ok()) {
    if (wh.status().code() == StatusCode::kConflict) {
      return Status::Conflict(
          "{} is open in another process (`ecomdw query --unpublished`, or another DuckDB client); close it, "
          "or build with --discard-unpublished: {}",
          generation.file.string(), wh.status().message());
    }
    return NameDiskFull(wh.status(), generation.file);
  }
  return Work(std::move(lock), std::move(gens), std::move(generation), std::move(wh).value());
}

Result<Layout> Project::Describe() const {
  ECOMDW_ASSIGN_OR_RETURN(publish::Generations gens, FileGenerations());
  Layout out;
  out.link = config_.Resolve(target_.path);
  ECOMDW_ASSIGN_OR_RETURN(out.published, gens.Published());
  ECOMDW_ASSIGN_OR_RETURN(out.unpublished, gens.Unpublished());
  if (!out.published.empty()) out.published_bytes = FileBytes(out.published);
  if (!out.unpublished.empty()) out.unpublished_bytes = FileBytes(out.unpublished);
  return out;
}

}  // namespace ecomdw::project
