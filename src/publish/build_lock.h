// One build at a time per project: an exclusive, non-blocking flock on
// .ecomdw/build.lock, released when the holder exits, however it exits
// (kill -9 included), so a crash never leaves a stale lock.
#pragma once

#include <filesystem>

#include "common/result.h"

namespace ecomdw::publish {

class BuildLock {
 public:
  // Conflict naming the holder's pid when another build holds the lock.
  static Result<BuildLock> Acquire(const std::filesystem::path& lock_file);

  BuildLock(BuildLock&& other) noexcept;
  BuildLock& operator=(BuildLock&&) = delete;
  BuildLock(const BuildLock&) = delete;
  ~BuildLock();

 private:
  explicit BuildLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace ecomdw::publish
