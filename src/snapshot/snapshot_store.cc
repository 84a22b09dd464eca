#include "snapshot/snapshot_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>

#include "migrations/schema_migrations.h"
#include "objectstore/digest.h"
#include "objectstore/file_util.h"
#include "publish/build_lock.h"
#include "snapshot/snapshot_id.h"
#include "snapshot/table_fingerprints.h"

namespace ecomdw::snapshot {
namespace fs = std::filesystem;
namespace {

constexpr const char* kLockName = ".lock";
constexpr const char* kTempPrefix = ".tmp-";
constexpr size_t kDiffsShown = 10;

Status FsyncDir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("open {}: {}", dir.string(), std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::IOError("fsync {}: {}", dir.string(), std::strerror(err));
  return Status::OK();
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size() && i < kDiffsShown; ++i) out += (i ? "; " : "") + lines[i];
  if (lines.size() > kDiffsShown) out += fmt::format("; and {} more", lines.size() - kDiffsShown);
  return out;
}

}  // namespace

SnapshotStore::SnapshotStore(const project::Project& project)
    : project_(project), root_(project.state_dir() / "snapshots") {}

Status SnapshotStore::RequireFileTarget() const {
  if (project_.target().type == config::TargetType::kDuckDb) return Status::OK();
  return Status::InvalidArgument(
      "target \"{}\" is not a duckdb target: `ecomdw snapshot` copies DuckDB warehouse files only for now; back a "
      "server up with its own tools (pg_dump for PostgreSQL)",
      project_.target().name);
}

std::vector<std::string> SnapshotStore::Ids() const {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(root_, ec)) {
    std::string name = e.path().filename().string();
    if (IsSnapshotId(name) && e.is_directory(ec)) ids.push_back(name);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void SnapshotStore::RemoveLeftovers() const {
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(root_, ec)) {
    if (e.path().filename().string().starts_with(kTempPrefix)) fs::remove_all(e.path(), ec);
  }
}

Result<fs::path> SnapshotStore::DirOf(const std::string& id) const {
  if (!IsSnapshotId(id)) {
    return Status::InvalidArgument("\"{}\" is not a snapshot id (snap-YYYYMMDDTHHMMSSZ-xxxx; `ecomdw snapshot list` "
                                   "shows them)",
                                   id);
  }
  fs::path dir = root_ / id;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("no snapshot {} in {}", id, root_.string());
  return dir;
}

Result<Manifest> SnapshotStore::Create() const {
  ECOMDW_TRY(RequireFileTarget());
  ECOMDW_ASSIGN_OR_RETURN(publish::BuildLock lock,
                          publish::BuildLock::Acquire(root_ / kLockName, publish::BuildLock::Mode::kWait,
                                                      "snapshot create"));
  RemoveLeftovers();  // of a create or prune that died: no other one runs now
  const auto now = std::chrono::system_clock::now();
  std::random_device random;
  std::string id = MakeSnapshotId(now, random());
  for (int attempt = 0; attempt < 16 && fs::exists(root_ / id); ++attempt) id = MakeSnapshotId(now, random());
  if (fs::exists(root_ / id)) return Status::Internal("no free snapshot id for {}", UtcText(now));
  const fs::path tmp = root_ / (kTempPrefix + id);
  std::error_code ec;
  fs::create_directories(tmp, ec);
  if (ec) return Status::IOError("create {}: {}", tmp.string(), ec.message());

  Result<Manifest> made = [&]() -> Result<Manifest> {
    const fs::path file = tmp / kWarehouseFileName;
    ECOMDW_ASSIGN_OR_RETURN(fs::path source, project_.CopyPublishedTo(file));
    Manifest m;
    m.id = id;
    m.created_at = UtcText(now);
    m.ecomdw_version = ECOMDW_VERSION;
    m.source_generation = source.filename().string();
    m.file_bytes = static_cast<int64_t>(fs::file_size(file, ec));
    if (ec) return Status::IOError("stat {}: {}", file.string(), ec.message());
    ECOMDW_ASSIGN_OR_RETURN(m.file_sha256, objectstore::Sha256OfFile(file));
    // The manifest describes the copy, so the copy is what is fingerprinted.
    ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::Warehouse> wh, project_.OpenFileReadOnly(file));
    ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> db, warehouse::AdapterFor(*wh));
    ECOMDW_ASSIGN_OR_RETURN(m.schema_version, migrations::SchemaVersion(*db));
    ECOMDW_ASSIGN_OR_RETURN(m.fingerprint_method, db->FingerprintMethod());
    ECOMDW_ASSIGN_OR_RETURN(m.tables, FingerprintEveryTable(*db));
    db.reset();
    wh.reset();
    ECOMDW_TRY(objectstore::WriteFileAtomically(tmp / kManifestName, ManifestToJson(m)));
    ECOMDW_TRY(FsyncDir(tmp));
    fs::rename(tmp, root_ / id, ec);
    if (ec) return Status::IOError("rename {} -> {}: {}", tmp.string(), (root_ / id).string(), ec.message());
    ECOMDW_TRY(FsyncDir(root_));
    return m;
  }();
  if (!made.ok()) fs::remove_all(tmp, ec);
  return made;
}

Result<std::vector<ListedSnapshot>> SnapshotStore::List() const {
  ECOMDW_TRY(RequireFileTarget());
  std::vector<ListedSnapshot> out;
  for (const std::string& id : Ids()) {
    ListedSnapshot s;
    s.id = id;
    const fs::path path = root_ / id / kManifestName;
    Result<std::string> text = objectstore::ReadWholeFile(path);
    Result<Manifest> m = text.ok() ? ParseManifest(*text, path.string()) : Result<Manifest>(text.status());
    if (m.ok()) {
      s.manifest = std::move(m).value();
    } else {
      s.problem = m.status().message();
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<VerifyReport> SnapshotStore::VerifyDir(const std::string& id, const fs::path& dir) const {
  const fs::path manifest_path = dir / kManifestName;
  Result<std::string> text = objectstore::ReadWholeFile(manifest_path);
  if (!text.ok()) return Status::Corruption("snapshot {}: {}", id, text.status().message());
  VerifyReport report;
  ECOMDW_ASSIGN_OR_RETURN(report.manifest, ParseManifest(*text, manifest_path.string()));
  const Manifest& m = report.manifest;
  if (m.id != id) return Status::Corruption("{}: its id is {}, its folder {}", manifest_path.string(), m.id, id);
  ECOMDW_TRY(migrations::RefuseNewerVersion(m.schema_version, "snapshot " + id));

  const fs::path file = dir / m.file_name;
  std::error_code ec;
  const auto bytes = fs::file_size(file, ec);
  if (ec) return Status::Corruption("snapshot {}: {} is missing ({})", id, file.string(), ec.message());
  if (static_cast<int64_t>(bytes) != m.file_bytes) {
    return Status::Corruption("{}: {} bytes, {} says {}; the copy is damaged", file.string(), bytes,
                              manifest_path.string(), m.file_bytes);
  }
  ECOMDW_ASSIGN_OR_RETURN(std::string sha, objectstore::Sha256OfFile(file));
  if (sha != m.file_sha256) {
    return Status::Corruption("{}: SHA-256 {}, {} says {}; the copy is damaged", file.string(), sha,
                              manifest_path.string(), m.file_sha256);
  }

  Result<std::unique_ptr<warehouse::Warehouse>> wh = project_.OpenFileReadOnly(file);
  if (!wh.ok()) {
    if (wh.status().code() == StatusCode::kInvalidArgument) return wh.status();  // newer than this ecomdw
    return Status::Corruption("{} cannot be opened: {}", file.string(), wh.status().message());
  }
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::EngineAdapter> db, warehouse::AdapterFor(**wh));
  ECOMDW_ASSIGN_OR_RETURN(int version, migrations::SchemaVersion(*db));
  if (version != m.schema_version) {
    return Status::Corruption("{}: schema version {}, {} says {}", file.string(), version, manifest_path.string(),
                              m.schema_version);
  }
  ECOMDW_ASSIGN_OR_RETURN(report.method_now, db->FingerprintMethod());
  report.hashes_compared = report.method_now == m.fingerprint_method;
  ECOMDW_ASSIGN_OR_RETURN(std::vector<TableEntry> tables, FingerprintEveryTable(*db));
  std::vector<std::string> diffs = CompareTables(m.tables, tables, report.hashes_compared);
  if (!diffs.empty()) {
    return Status::Corruption("{} differs from {}: {}", file.string(), manifest_path.string(), Join(diffs));
  }
  report.tables_compared = tables.size();
  return report;
}

Result<VerifyReport> SnapshotStore::Verify(const std::string& id) const {
  ECOMDW_TRY(RequireFileTarget());
  ECOMDW_ASSIGN_OR_RETURN(fs::path dir, DirOf(id));
  return VerifyDir(id, dir);
}

Result<RestoreResult> SnapshotStore::Restore(const std::string& id, bool discard_unpublished) const {
  ECOMDW_TRY(RequireFileTarget());
  ECOMDW_ASSIGN_OR_RETURN(fs::path dir, DirOf(id));
  ECOMDW_ASSIGN_OR_RETURN(publish::BuildLock lock,
                          publish::BuildLock::Acquire(root_ / kLockName, publish::BuildLock::Mode::kWait,
                                                      "snapshot restore"));
  RestoreResult result;
  Result<VerifyReport> verified = VerifyDir(id, dir);
  if (!verified.ok()) {
    const Status& s = verified.status();
    if (s.code() == StatusCode::kCorruption) {
      return Status::Corruption("snapshot {} is damaged; nothing was restored: {}", id, s.message());
    }
    return s.WithContext(fmt::format("snapshot {} was not restored", id));
  }
  result.verified = std::move(verified).value();
  const Manifest& m = result.verified.manifest;
  // The copy published is checked too: the snapshot could change between
  // the verify and the copy, or the copy be damaged on its way.
  auto check = [&](const fs::path& copy) -> Status {
    ECOMDW_ASSIGN_OR_RETURN(std::string sha, objectstore::Sha256OfFile(copy));
    if (sha == m.file_sha256) return Status::OK();
    return Status::Corruption("{}: the copy of snapshot {} has SHA-256 {}, its manifest says {}; nothing was restored",
                              copy.string(), id, sha, m.file_sha256);
  };
  Result<project::RestoreReport> published =
      project_.PublishCopyOf(dir / m.file_name, discard_unpublished, "snapshot restore", check);
  if (!published.ok()) return published.status().WithContext(fmt::format("restoring snapshot {}", id));
  result.published = std::move(published).value();
  return result;
}

Result<PruneReport> SnapshotStore::Prune(int keep) const {
  ECOMDW_TRY(RequireFileTarget());
  if (keep < 1) {
    return Status::InvalidArgument("--keep {}: prune keeps at least 1 snapshot (remove a snapshot's folder by hand to "
                                   "drop the last one)",
                                   keep);
  }
  ECOMDW_ASSIGN_OR_RETURN(publish::BuildLock lock,
                          publish::BuildLock::Acquire(root_ / kLockName, publish::BuildLock::Mode::kWait,
                                                      "snapshot prune"));
  RemoveLeftovers();
  std::vector<std::string> ids = Ids();
  PruneReport report;
  const size_t remove = ids.size() > static_cast<size_t>(keep) ? ids.size() - static_cast<size_t>(keep) : 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i >= remove) {
      report.kept.push_back(ids[i]);
      continue;
    }
    // Renamed out of the snapshot namespace first: a prune killed midway
    // leaves a .tmp-* folder, never a half snapshot.
    const fs::path doomed = root_ / (kTempPrefix + ids[i] + ".pruning");
    std::error_code ec;
    fs::rename(root_ / ids[i], doomed, ec);
    if (ec) return Status::IOError("rename {} -> {}: {}", (root_ / ids[i]).string(), doomed.string(), ec.message());
    fs::remove_all(doomed, ec);
    if (ec) return Status::IOError("remove {}: {}", doomed.string(), ec.message());
    report.removed.push_back(ids[i]);
  }
  if (!report.removed.empty()) ECOMDW_TRY(FsyncDir(root_));
  return report;
}

}  // namespace ecomdw::snapshot
