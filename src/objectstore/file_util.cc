#include "objectstore/file_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace ecomdw::objectstore {
namespace fs = std::filesystem;

namespace {
constexpr std::string_view kTmpMarker = ".ecomdw-tmp-";
std::atomic<uint64_t> g_tmp_counter{0};  // unique temp names within the process

Status SyncAndRename(const fs::path& tmp, const fs::path& target) {
  int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    int err = errno;
    if (fd >= 0) ::close(fd);
    std::error_code ec;
    fs::remove(tmp, ec);
    return Status::IOError("fsync {}: {}", tmp.string(), std::strerror(err));
  }
  ::close(fd);
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::IOError("rename {} -> {}: {}", tmp.string(), target.string(), ec.message());
  }
  return Status::OK();
}
}  // namespace

bool IsTemporaryName(std::string_view name) { return name.find(kTmpMarker) != std::string_view::npos; }

fs::path TemporaryNameFor(const fs::path& target) {
  return target.string() + std::string(kTmpMarker) + std::to_string(::getpid()) + "-" +
         std::to_string(g_tmp_counter.fetch_add(1));
}

Status WriteFileAtomically(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::IOError("mkdir {}: {}", path.parent_path().string(), ec.message());
  fs::path tmp = TemporaryNameFor(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Status::IOError("write {}: {}", tmp.string(), std::strerror(errno));
  }
  return SyncAndRename(tmp, path);
}

Status CopyFileAtomically(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (ec) return Status::IOError("mkdir {}: {}", to.parent_path().string(), ec.message());
  fs::path tmp = TemporaryNameFor(to);
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::IOError("copy {} -> {}: {}", from.string(), tmp.string(), ec.message());
  }
  return SyncAndRename(tmp, to);
}

Status CopyFdAtomically(int fd, const fs::path& to, int64_t* copied) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (ec) return Status::IOError("mkdir {}: {}", to.parent_path().string(), ec.message());
  fs::path tmp = TemporaryNameFor(to);
  int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) return Status::IOError("create {}: {}", tmp.string(), std::strerror(errno));
  auto fail = [&](const std::string& what, int err) {
    ::close(out);
    std::error_code rm;
    fs::remove(tmp, rm);
    return Status::IOError("{} {}: {}", what, tmp.string(), std::strerror(err));
  };
  std::vector<char> buf(1 << 20);
  int64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("read for", errno);
    }
    if (n == 0) break;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = ::write(out, buf.data() + off, static_cast<size_t>(n - off));
      if (w < 0) {
        if (errno == EINTR) continue;
        return fail("write", errno);
      }
      off += w;
    }
    total += n;
  }
  if (::close(out) != 0) {
    int err = errno;
    fs::remove(tmp, ec);
    return Status::IOError("close {}: {}", tmp.string(), std::strerror(err));
  }
  *copied = total;
  return SyncAndRename(tmp, to);
}

Result<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!fs::exists(path)) return Status::NotFound("no file {}", path.string());
    return Status::IOError("open {}: {}", path.string(), std::strerror(errno));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace ecomdw::objectstore
