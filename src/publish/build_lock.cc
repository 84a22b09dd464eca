#include "publish/build_lock.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ecomdw::publish {
namespace {

std::string Holder(int fd) {
  char holder[96] = {0};
  ssize_t n = ::pread(fd, holder, sizeof(holder) - 1, 0);
  std::string text = n > 0 ? std::string(holder, static_cast<size_t>(n)) : "pid unknown";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

Result<BuildLock> BuildLock::Acquire(const std::filesystem::path& lock_file, Mode mode, const std::string& verb) {
  std::error_code ec;
  std::filesystem::create_directories(lock_file.parent_path(), ec);
  int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("open {}: {}", lock_file.string(), std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    std::string holder = Holder(fd);
    if (mode == Mode::kFail) {
      ::close(fd);
      return Status::Conflict("another build of this project is running ({}); nothing was changed", holder);
    }
    spdlog::info("waiting for the other writer of this project to finish ({})", holder);
    while (::flock(fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        int err = errno;
        ::close(fd);
        return Status::IOError("lock {}: {}", lock_file.string(), std::strerror(err));
      }
    }
  }
  std::string me = "pid " + std::to_string(::getpid()) + ", ecomdw " + verb + "\n";
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
