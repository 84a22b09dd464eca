#include "publish/build_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace ecomdw::publish {

Result<BuildLock> BuildLock::Acquire(const std::filesystem::path& lock_file) {
  std::error_code ec;
  std::filesystem::create_directories(lock_file.parent_path(), ec);
  int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("open {}: {}", lock_file.string(), std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char holder[32] = {0};
    ssize_t n = ::pread(fd, holder, sizeof(holder) - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(holder, static_cast<size_t>(n)) : "unknown";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return Status::Conflict("another build of this project is running (pid {}); nothing was changed", pid);
  }
  std::string me = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, me.data(), me.size(), 0) < 0) {
    ::close(fd);
    return Status::IOError("write {}: {}", lock_file.string(), std::strerror(errno));
  }
  return BuildLock(fd);
}

BuildLock::BuildLock(BuildLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

BuildLock::~BuildLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace ecomdw::publish
