#include "objectstore/beneath.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "objectstore/object_store.h"

namespace ecomdw::objectstore {
namespace fs = std::filesystem;

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

bool IsWithin(const fs::path& root, const fs::path& path) {
  const std::string& r = root.native();
  const std::string& p = path.native();
  if (p == r) return true;
  if (p.size() <= r.size() || p.compare(0, r.size(), r) != 0) return false;
  return r.back() == '/' || p[r.size()] == '/';
}

Result<fs::path> ResolveWithin(const fs::path& canonical_root, const fs::path& path, std::string_view key) {
  std::error_code ec;
  fs::file_status link = fs::symlink_status(path, ec);
  if (ec || !fs::exists(link)) {
    if (!ec || ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory) {
      return Status::NotFound("no object {} in file://{}", PrintableKey(key), canonical_root.string());
    }
    return Status::IOError("stat {}: {}", path.string(), ec.message());
  }
  fs::path real = fs::canonical(path, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) {
      return Status::InvalidArgument("object key \"{}\" refused: a symbolic link that leads nowhere",
                                     PrintableKey(key));
    }
    if (ec == std::errc::too_many_symbolic_link_levels) {
      return Status::InvalidArgument("object key \"{}\" refused: a loop of symbolic links", PrintableKey(key));
    }
    return Status::IOError("resolving {}: {}", path.string(), ec.message());
  }
  if (!IsWithin(canonical_root, real)) {
    return Status::InvalidArgument("object key \"{}\" refused: symbolic link to {} leaves the bucket {}",
                                   PrintableKey(key), real.string(), canonical_root.string());
  }
  return real;
}

Result<UniqueFd> OpenWithin(const fs::path& root, std::string_view key, fs::path* resolved) {
  std::error_code ec;
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) {
      return Status::NotFound("bucket folder {} does not exist", root.string());
    }
    return Status::IOError("resolving bucket folder {}: {}", root.string(), ec.message());
  }
  ECOMDW_ASSIGN_OR_RETURN(fs::path real, ResolveWithin(canonical_root, root / std::string(key), key));
  // O_NOFOLLOW: `real` has no links left, so a link here appeared after the
  // check. O_NONBLOCK: opening a FIFO must not wait for a writer.
  UniqueFd fd(::open(real.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (!fd.valid()) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound("no object {} in file://{}", PrintableKey(key), canonical_root.string());
    if (err == ELOOP) {
      return Status::InvalidArgument("object key \"{}\" refused: became a symbolic link while it was opened",
                                     PrintableKey(key));
    }
    return Status::IOError("open {}: {}", real.string(), std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Status::IOError("stat {}: {}", real.string(), std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    return Status::InvalidArgument("object key \"{}\" refused: not a regular file", PrintableKey(key));
  }
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags >= 0) (void)::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
  // Where the descriptor really points, whatever happened to the path's
  // folders since it was resolved. Without /proc the resolution above stands.
  char buf[4096];
  std::string proc = "/proc/self/fd/" + std::to_string(fd.get());
  ssize_t n = ::readlink(proc.c_str(), buf, sizeof(buf) - 1);
  if (n > 0) {
    fs::path opened(std::string(buf, static_cast<size_t>(n)));
    if (!IsWithin(canonical_root, opened)) {
      return Status::InvalidArgument("object key \"{}\" refused: it was moved outside the bucket while it was opened",
                                     PrintableKey(key));
    }
  }
  if (resolved != nullptr) *resolved = std::move(real);
  return fd;
}

}  // namespace ecomdw::objectstore
