// One writer at a time per project: an exclusive flock on .ecomdw/build.lock,
// held by `build`, `run` and `ingest` (the verbs that write a generation),
// released when the holder exits, however it exits (kill -9 included), so a
// crash never leaves a stale lock. Readers never take it.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.h"

namespace ecomdw::publish {

class BuildLock {
 public:
  enum class Mode {
    kFail,  // Conflict at once when another writer holds the lock (build, run)
    kWait,  // wait for it (ingest: what it lands goes to the next build)
  };

  // `verb` is recorded beside the pid for the message another writer gets.
  // Conflict naming the holder's pid and verb when the lock is held (kFail).
  static Result<BuildLock> Acquire(const std::filesystem::path& lock_file, Mode mode, const std::string& verb);

  BuildLock(BuildLock&& other) noexcept;
  BuildLock& operator=(BuildLock&&) = delete;
  BuildLock(const BuildLock&) = delete;
  ~BuildLock();

 private:
  explicit BuildLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace ecomdw::publish
