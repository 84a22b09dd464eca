// Project: the one object every verb is handed (as SQLMesh's CLI hands its
// Context down). Loaded once per process by the CLI; it owns the config, the
// resolved target, the build lock, and the way to the published and the
// work warehouse. No verb opens a warehouse file itself, so `ingest`,
// `run`, `build`, `check`, `query` and `status` agree by construction.
//
// Two kinds of access:
//   readers  OpenPublished() / OpenUnpublished(): read-only sessions; they
//            never take the build lock, never block a writer and are never
//            broken by one (publish/generations.h).
//   writers  OpenWork(): the build lock, then the work generation opened for
//            writing. Work::Publish() makes it what readers see; Work::Close()
//            keeps it unpublished for the next writer (ingest does).
//
// See docs/spine.md for the whole protocol.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "config/config.h"
#include "publish/build_lock.h"
#include "publish/generations.h"
#include "warehouse/warehouse.h"

namespace ecomdw::project {

struct PublishReport {
  std::filesystem::path file;          // the generation now published
  int64_t file_bytes = 0;              // its size on disk as published
  int64_t total_blocks = 0;            // engine blocks in the file after the checkpoint
  int64_t free_blocks = 0;             // of which free (dead space)
  int64_t live_blocks = 0;             // blocks some table's data is in
  bool compacted = false;              // rewritten into a fresh file (see Work::Publish)
  int64_t bytes_before_compaction = 0;
  double compact_seconds = 0;
  std::vector<std::filesystem::path> removed;  // old generations deleted
  std::vector<std::filesystem::path> held;     // old generations kept: a reader holds them
};

// The work generation, open for writing, under the build lock. Move-only;
// destroying it without Publish() or Close() closes the session and keeps
// whatever it committed for the next writer.
class Work {
 public:
  Work(Work&&) noexcept = default;
  Work& operator=(Work&&) = delete;
  ~Work();

  warehouse::Warehouse& wh() { return *wh_; }
  const publish::WorkGeneration& generation() const { return generation_; }

  // Drops the scratch schemas (raw rows never reach readers), checkpoints,
  // and, when the file holds more than twice the blocks its tables use (or
  // `compact`), rewrites it into a fresh file without dead space; then
  // closes the session, publishes by a link swap and removes the old
  // generations no reader holds. REQUIRES: no other session of wh() is open.
  Result<PublishReport> Publish(bool compact = false);

  // Checkpoints and closes without publishing.
  Status Close();

 private:
  friend class Project;
  Work(publish::BuildLock lock, publish::Generations generations, publish::WorkGeneration generation,
       std::unique_ptr<warehouse::Warehouse> wh);

  publish::BuildLock lock_;  // first member: released last
  publish::Generations generations_;
  publish::WorkGeneration generation_;
  std::unique_ptr<warehouse::Warehouse> wh_;
};

// What is on disk, for `status`.
struct Layout {
  std::filesystem::path link;
  std::filesystem::path published;    // empty before the first publish
  int64_t published_bytes = 0;
  std::filesystem::path unpublished;  // empty when none
  int64_t unpublished_bytes = 0;
};

// What Project::PublishCopyOf did.
struct RestoreReport {
  std::filesystem::path file;                  // the generation now published
  std::filesystem::path replaced;              // the generation published before (empty: none)
  std::filesystem::path discarded;             // the unpublished generation dropped (empty: none)
  std::vector<std::filesystem::path> removed;  // old generations deleted
  std::vector<std::filesystem::path> held;     // old generations kept: a reader holds them
};

class Project {
 public:
  // Reads <dir>/ecomdw.toml and resolves `target_name` (empty: the
  // project's default). InvalidArgument for a bad config or target.
  static Result<Project> Load(const std::filesystem::path& dir, const std::string& target_name);

  const config::Config& config() const { return config_; }
  const config::Target& target() const { return target_; }
  std::filesystem::path state_dir() const { return config_.Resolve(".ecomdw"); }

  // The published warehouse, read-only. NotFound before the first publish.
  Result<std::unique_ptr<warehouse::Warehouse>> OpenPublished() const;

  // The newest unpublished generation (a failed build's work, or what
  // `ingest` landed since the last build), read-only, for inspection.
  // NotFound when there is none; Conflict while a writer has it open.
  Result<std::unique_ptr<warehouse::Warehouse>> OpenUnpublished() const;

  // Takes the build lock (kFail: Conflict when another writer holds it;
  // kWait: waits), prepares the work generation (publish::Generations::
  // PrepareWork) and opens it for writing with the workgroup's limits.
  // `verb` names the holder in the lock file.
  Result<Work> OpenWork(publish::BuildLock::Mode mode, const std::string& verb, bool discard_unpublished = false) const;

  // A fresh, empty, private warehouse of the target's engine, for model
  // tests (`ecomdw test`): never the published or the work generation,
  // gone when closed, with the workgroup's thread and memory limits. Takes
  // no lock. A duckdb target gets an in-memory DuckDB; other engines are
  // InvalidArgument for now, as for builds.
  Result<std::unique_ptr<warehouse::Warehouse>> OpenScratch() const;

  Result<Layout> Describe() const;

  // ---- snapshots (src/snapshot/) ----------------------------------------
  // Duckdb targets only (InvalidArgument naming the target otherwise).

  // A byte copy of the published generation at `to` without any lock:
  // readers and writers go on (publish::Generations::CopyPublishedTo).
  // Returns the generation copied; NotFound before the first publish.
  Result<std::filesystem::path> CopyPublishedTo(const std::filesystem::path& to) const;

  // A warehouse file of this project outside the generations (a snapshot's
  // copy), read-only with the workgroup's limits; InvalidArgument when it is
  // of a newer schema than this ecomdw.
  Result<std::unique_ptr<warehouse::Warehouse>> OpenFileReadOnly(const std::filesystem::path& file) const;

  // A writer: takes the build lock (Conflict when a build, run or ingest
  // holds it), publishes a byte copy of `file` as a new generation
  // (publish::Generations::PublishCopyOf: `check` runs on the whole copy
  // before the link swap; an unpublished generation is refused unless
  // `discard_unpublished`), then removes old generations no reader holds.
  // Readers are never blocked: one holding the old generation keeps it. The
  // copy is published as it is; the next writer migrates it if it is older.
  Result<RestoreReport> PublishCopyOf(const std::filesystem::path& file, bool discard_unpublished,
                                      const std::string& verb,
                                      const std::function<Status(const std::filesystem::path&)>& check) const;

 private:
  Project(config::Config config, config::Target target);
  Result<publish::Generations> FileGenerations() const;  // InvalidArgument unless a duckdb target

  config::Config config_;
  config::Target target_;
};

// Names a full disk the way a user needs it ("no space left on device while
// writing FILE; nothing was published") in place of the engine's message;
// any other Status comes back unchanged.
Status NameDiskFull(const Status& status, const std::filesystem::path& file);

}  // namespace ecomdw::project
