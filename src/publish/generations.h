// Atomic, reader-safe publish of a file-backed warehouse by generations.
//
// The project's target path (e.g. warehouse.duckdb) is a symbolic link to
// one generation file, .ecomdw/gen-000007.duckdb. Readers open whatever the
// link names, read-only. A writer (build or ingest, under the build lock)
// never touches the published generation: it works on the next one, made by
// copying the published file byte for byte (cost ∝ its size at disk speed,
// never a re-stage), or it continues the unpublished generation a failed or
// killed writer left behind, which is always newer than the published one
// and was made from it. Publishing is one rename(2) of a new link over the
// old one: readers see the old warehouse or the new one, never a half state,
// and a reader holding an old generation keeps it, whole, until it closes.
//
// Old generations are removed only when no process holds a lock on them:
// every DuckDB reader holds an fcntl read lock on its file (tested with
// F_GETLK, so external clients count too). A reader that resolved the link
// just before its generation was removed finds the file gone and resolves
// the link again (OpenPublishedReader in project/ does); on Linux a file
// already open stays readable after its removal.
//
// Invariants (under the build lock): generation numbers only grow; every
// generation newer than the published one was copied from it; a copy is
// made under a temporary name and renamed into place only when whole, so a
// crash mid-copy leaves no half generation.
//
// This class does file operations only; what runs inside a generation
// (SQL, checkpoints) is the caller's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"

namespace ecomdw::publish {

struct WorkGeneration {
  std::filesystem::path file;
  bool reused = false;        // an unpublished generation left by an earlier writer
  int64_t copied_bytes = 0;   // bytes copied from the published generation (0 when reused or first)
  double copy_seconds = 0;
};

struct Collected {
  std::vector<std::filesystem::path> removed;
  std::vector<std::filesystem::path> held;  // still open in a reader: kept for a later writer to remove
};

class Generations {
 public:
  // `link` is the project's target path (absolute); the generation files
  // live in `state_dir`.
  Generations(std::filesystem::path link, std::filesystem::path state_dir);

  // The file readers use now; empty when nothing was ever published.
  // Corruption when `link` exists but is not a link.
  Result<std::filesystem::path> Published() const;

  // The newest generation newer than the published one (left by a failed or
  // killed build, or by `ecomdw ingest`); empty when there is none.
  Result<std::filesystem::path> Unpublished() const;

  // REQUIRES: the caller holds the build lock. The generation to write:
  // Unpublished() when there is one (unless `discard_unpublished`), else a
  // whole copy of the published one under the next number, else (nothing
  // published) the path of a new, not yet existing file.
  Result<WorkGeneration> PrepareWork(bool discard_unpublished) const;

  // REQUIRES: the build lock; `work` closed by every writer and whole on
  // disk (checkpointed). fsyncs it, renames a new link over the old one and
  // fsyncs the folder.
  Status Publish(const std::filesystem::path& work) const;

  // A whole byte copy of the published generation at `to` (created, must not
  // exist; fsynced), while readers and writers go on. Needs no lock: a
  // published generation is never written again, and once it is open here a
  // writer's CollectGarbage may unlink it but cannot take its bytes away (on
  // Linux an open file stays readable). Resolving the link and opening race
  // with a writer's removal only in the way a reader's open does: the file
  // is gone, and the link is resolved again. Returns the generation copied.
  // NotFound when nothing is published; Corruption when it has a
  // write-ahead log (a published generation never has one).
  Result<std::filesystem::path> CopyPublishedTo(const std::filesystem::path& to) const;

  // REQUIRES: the build lock. Publishes a byte copy of `file` (a warehouse
  // file outside the generations, e.g. a snapshot's) as a new generation
  // numbered past every existing one, by the same link swap as Publish().
  // `check` runs on the whole copy before the swap; when it fails, the copy
  // is removed and nothing is published. An unpublished generation would be
  // left older than the new published one, i.e. garbage: unless
  // `discard_unpublished`, Conflict naming it (the next writer would have
  // continued it); with it, it is left for CollectGarbage to remove.
  // Returns the new published generation.
  Result<std::filesystem::path> PublishCopyOf(const std::filesystem::path& file, bool discard_unpublished,
                                              const std::function<Status(const std::filesystem::path&)>& check) const;

  // REQUIRES: the build lock. Removes every generation older than the
  // published one that no process holds, and leftover temporary copies.
  Result<Collected> CollectGarbage() const;

  // The generation number in a file name such as gen-000007.duckdb; 0 for
  // any other name (the a/b files of ecomdw before generations).
  static int64_t NumberOf(const std::filesystem::path& file);

 private:
  std::vector<std::filesystem::path> AllGenerations() const;  // sorted by number
  std::filesystem::path PathOf(int64_t number) const;
  int64_t NextNumber(const std::filesystem::path& published) const;
  // Copies `from` to `to` under a temporary name, runs `check` on the whole
  // copy (when given), then renames it into place and fsyncs the folder.
  Status CopyInto(const std::filesystem::path& from, const std::filesystem::path& to,
                  const std::function<Status(const std::filesystem::path&)>& check) const;

  std::filesystem::path link_;
  std::filesystem::path state_dir_;
};

// True when another process holds an fcntl lock on `file` (a DuckDB reader
// or writer). False when the file does not exist.
bool HeldByAnotherProcess(const std::filesystem::path& file);

// Copies `from` to `to` (created, must not exist) with copy_file_range,
// skipping holes, then fsyncs `to`. A failure removes `to`. ENOSPC is named
// as "no space left on device".
Status CopyWholeFile(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace ecomdw::publish
