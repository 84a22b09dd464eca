// Reading a local bucket without ever leaving it.
//
// A file:// bucket is a folder somebody else fills (an export job, an
// untarred archive). A symbolic link inside it may point anywhere on this
// machine; serving its target would put content from outside the bucket into
// the landing area, staging and quarantine. Everything the local store reads
// goes through here: a path is resolved (every link followed), refused when
// it leads outside the bucket's real folder, and the file actually opened is
// checked again through /proc/self/fd, so a link swapped in between the check
// and the open is caught too.
//
// Not for hard links: a hard link is the file itself, and making one needs
// access to the file and the same file system.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ecomdw::objectstore {

// Owns a POSIX file descriptor; closes it on destruction. Move-only.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// True when `path` is `root` or lies below it. Both must be canonical.
bool IsWithin(const std::filesystem::path& root, const std::filesystem::path& path);

// Where `path` really leads: every symbolic link followed. InvalidArgument
// naming `key` when it leads outside `canonical_root` ("symbolic link ...
// leaves the bucket") or is a dangling link; NotFound when nothing is there.
Result<std::filesystem::path> ResolveWithin(const std::filesystem::path& canonical_root,
                                            const std::filesystem::path& path, std::string_view key);

// Opens `key` (REQUIRES: ValidateObjectKey(key) is OK) below `root`
// read-only. InvalidArgument when the key resolves outside the bucket or is
// not a regular file, NotFound when absent, IOError otherwise. `resolved`
// (optional) receives the real path that was opened.
Result<UniqueFd> OpenWithin(const std::filesystem::path& root, std::string_view key,
                            std::filesystem::path* resolved = nullptr);

}  // namespace ecomdw::objectstore
