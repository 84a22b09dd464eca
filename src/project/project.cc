#include "project/project.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <regex>

#include "migrations/schema_migrations.h"
#include "warehouse/duckdb/duckdb_adapter.h"
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

// Blocks in use beyond twice the tables' own, and more than this many, make
// a publish compact the file. Measured at SF 0.1 (seed 1): 1750 used blocks
// of 256 KiB for 278 live ones after the first build (a 522 MB file whose
// compacted copy is 72 MB); at SF 0.01, 48 for 41.
constexpr int64_t kCompactSlackBlocks = 16;

// The loader's scratch schema holds raw rows (e-mails included) between
// the steps of one batch; it must never be in a published file.
constexpr const char* kScratchSchema = "staging_work";

// A reader's session, unless the file is of a newer schema than this ecomdw.
Result<std::unique_ptr<warehouse::Warehouse>> RefusingNewer(std::unique_ptr<warehouse::Warehouse> wh,
                                                            const fs::path& file) {
  warehouse::DuckDbAdapter db(*wh);
  ECOMDW_TRY(migrations::RefuseNewer(db, file.string()));
  return wh;
}

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
  Status s = warehouse::DuckDbAdapter(*wh_).Checkpoint();
  wh_.reset();
  return NameDiskFull(s, generation_.file);
}

Result<PublishReport> Work::Publish(bool compact) {
  if (!wh_) return Status::Internal("Work::Publish after the session was closed");
  const fs::path& file = generation_.file;
  // File generations are DuckDB files: their adapter is DuckDB's.
  warehouse::DuckDbAdapter db(*wh_);
  ECOMDW_TRY(NameDiskFull(db.DropSchema(kScratchSchema), file));
  ECOMDW_TRY(NameDiskFull(db.Checkpoint(), file));
  PublishReport report;
  report.file = file;
  ECOMDW_ASSIGN_OR_RETURN(warehouse::DatabaseSize blocks, db.Size());
  report.total_blocks = blocks.total_blocks;
  report.free_blocks = blocks.free_blocks;
  report.live_blocks = blocks.live_blocks;
  const bool ours = std::regex_match(blocks.catalog, std::regex(R"(gen-\d{6,18})"));
  if (ours && (compact || blocks.total_blocks > 2 * blocks.live_blocks + kCompactSlackBlocks)) {
    auto start = std::chrono::steady_clock::now();
    fs::path fresh = file.string() + ".compact.copying";  // removed by garbage collection if we die
    std::error_code ec;
    fs::remove(fresh, ec);
    report.bytes_before_compaction = FileBytes(file);
    ECOMDW_TRY(NameDiskFull(db.CopyDatabaseInto(blocks.catalog, fresh), fresh).WithContext("compacting"));
    wh_.reset();
    fs::rename(fresh, file, ec);
    if (ec) return Status::IOError("rename {} -> {}: {}", fresh.string(), file.string(), ec.message());
    report.compacted = true;
    report.compact_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.free_blocks = 0;
  }
  wh_.reset();  // closed before the swap: readers must find a whole file
  // A checkpointed, closed generation has no log; one left means the close
  // did not finish its checkpoint, and readers would not see its tail.
  for (const fs::path& f : {file, fs::path(file.string() + ".compact.copying")}) {
    if (FileBytes(f.string() + ".wal") > 0) {
      return Status::IOError("{}.wal is still there after the checkpoint; nothing was published", f.string());
    }
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
    if (wh.ok()) return RefusingNewer(std::move(wh).value(), published);
    if (fs::exists(published)) return wh;
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
  if (!wh.ok()) return wh;
  return RefusingNewer(std::move(wh).value(), unpublished);
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
  {
    warehouse::DuckDbAdapter db(**wh);
    Result<migrations::MigrationReport> migrated = migrations::Migrate(db, generation.file.string());
    if (!migrated.ok()) return NameDiskFull(migrated.status(), generation.file);
  }
  return Work(std::move(lock), std::move(gens), std::move(generation), std::move(wh).value());
}

Result<fs::path> Project::CopyPublishedTo(const fs::path& to) const {
  ECOMDW_ASSIGN_OR_RETURN(publish::Generations gens, FileGenerations());
  Result<fs::path> copied = gens.CopyPublishedTo(to);
  if (!copied.ok() && copied.status().IsNotFound()) {
    return Status::NotFound("nothing is published yet at {}; run `ecomdw build` first",
                            config_.Resolve(target_.path).string());
  }
  return copied;
}

Result<std::unique_ptr<warehouse::Warehouse>> Project::OpenFileReadOnly(const fs::path& file) const {
  ECOMDW_TRY(FileGenerations().status());
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::Warehouse> wh,
                          warehouse::OpenDuckDb(file.string(), LocalOptions(config_, true)));
  return RefusingNewer(std::move(wh), file);
}

Result<RestoreReport> Project::PublishCopyOf(const fs::path& file, bool discard_unpublished, const std::string& verb,
                                             const std::function<Status(const fs::path&)>& check) const {
  ECOMDW_ASSIGN_OR_RETURN(publish::Generations gens, FileGenerations());
  ECOMDW_ASSIGN_OR_RETURN(publish::BuildLock lock,
                          publish::BuildLock::Acquire(state_dir() / "build.lock", publish::BuildLock::Mode::kFail, verb));
  Result<publish::Collected> before = gens.CollectGarbage();
  if (!before.ok()) spdlog::warn("old generations were not removed: {}", before.status().ToString());
  RestoreReport report;
  ECOMDW_ASSIGN_OR_RETURN(report.replaced, gens.Published());
  if (discard_unpublished) {
    ECOMDW_ASSIGN_OR_RETURN(report.discarded, gens.Unpublished());
  }
  Result<fs::path> published = gens.PublishCopyOf(file, discard_unpublished, check);
  if (!published.ok()) return NameDiskFull(published.status(), state_dir() / "gen-*.duckdb");
  report.file = *published;
  Result<publish::Collected> collected = gens.CollectGarbage();
  if (collected.ok()) {
    report.removed = std::move(collected->removed);
    report.held = std::move(collected->held);
  } else {
    spdlog::warn("published {}, but old generations were not removed: {}", report.file.string(),
                 collected.status().ToString());
  }
  return report;
}

Result<std::unique_ptr<warehouse::Warehouse>> Project::OpenScratch() const {
  ECOMDW_TRY(FileGenerations().status());  // the same engines as builds
  return warehouse::OpenDuckDb(":memory:", LocalOptions(config_, false));
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
