// Snapshots (backups) of a DuckDB target: <project>/.ecomdw/snapshots/<id>/
// holds warehouse.duckdb, a byte copy of a published generation, and
// manifest.json (snapshot/manifest.h) with its size, SHA-256, schema version
// and the row count and content fingerprint of every table.
//
//   Create   copies the published generation while readers and writers go
//            on (published generations are never written again; see
//            publish::Generations::CopyPublishedTo for why no lock is
//            needed), fingerprints the copy, and renames the folder into
//            place only when copy and manifest are whole: a crash leaves
//            only a .tmp-* folder, removed by the next create or prune.
//   Verify   recomputes the SHA-256 and every table's fingerprint of the copy
//            and compares them with the manifest: Corruption naming the file
//            and what differs.
//   Restore  verifies first (a damaged snapshot is refused and nothing
//            changes), then publishes a byte copy of it as a new generation
//            under the build lock (project::Project::PublishCopyOf; the copy
//            is checked against the manifest's SHA-256 before the link swap).
//            Readers are never blocked. A snapshot of an older schema is
//            restored as it is and migrated by the next writer; one newer
//            than this ecomdw is refused.
//   Prune    removes the oldest snapshots beyond the newest N.
//
// Create, Restore and Prune take .ecomdw/snapshots/.lock (waiting for each
// other), so a prune never removes a snapshot being restored and a create
// never mistakes another create's folder for a crash's leftover. List and
// Verify take no lock. DuckDB targets only: InvalidArgument otherwise.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "project/project.h"
#include "snapshot/manifest.h"

namespace ecomdw::snapshot {

struct ListedSnapshot {
  std::string id;
  std::optional<Manifest> manifest;  // empty when manifest.json is missing or unreadable
  std::string problem;               // why it is empty
};

struct VerifyReport {
  Manifest manifest;
  size_t tables_compared = 0;
  // False when this ecomdw's engine fingerprints rows differently from the
  // one that made the snapshot (method_now differs from the manifest's):
  // row counts and the SHA-256 were compared, row hashes could not be.
  bool hashes_compared = true;
  std::string method_now;
};

struct RestoreResult {
  VerifyReport verified;
  project::RestoreReport published;
};

struct PruneReport {
  std::vector<std::string> removed;  // oldest first
  std::vector<std::string> kept;
};

class SnapshotStore {
 public:
  // REQUIRES: `project` outlives the store.
  explicit SnapshotStore(const project::Project& project);

  std::filesystem::path root() const { return root_; }

  // Makes a snapshot of the published warehouse and returns its manifest.
  // NotFound before the first publish; InvalidArgument when the published
  // warehouse is of a newer schema than this ecomdw.
  Result<Manifest> Create() const;

  // Every snapshot, oldest first. A folder named like a snapshot whose
  // manifest cannot be read is listed with its problem, not left out.
  Result<std::vector<ListedSnapshot>> List() const;

  // InvalidArgument for a malformed id or a snapshot newer than this ecomdw,
  // NotFound for an unknown one, Corruption for a damaged one.
  Result<VerifyReport> Verify(const std::string& id) const;

  // Verify, then publish the snapshot (see above). A damaged snapshot:
  // Corruption, "nothing was restored". An unpublished generation: Conflict
  // unless `discard_unpublished`. Another writer running: Conflict.
  Result<RestoreResult> Restore(const std::string& id, bool discard_unpublished) const;

  // Keeps the newest `keep` snapshots (damaged ones count), removes the rest.
  // InvalidArgument when keep < 1.
  Result<PruneReport> Prune(int keep) const;

 private:
  Status RequireFileTarget() const;
  std::vector<std::string> Ids() const;  // snapshot folders, sorted (= by time)
  Result<std::filesystem::path> DirOf(const std::string& id) const;
  Result<VerifyReport> VerifyDir(const std::string& id, const std::filesystem::path& dir) const;
  void RemoveLeftovers() const;  // REQUIRES: the snapshots lock

  const project::Project& project_;
  std::filesystem::path root_;
};

}  // namespace ecomdw::snapshot
