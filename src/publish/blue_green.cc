#include "publish/blue_green.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ecomdw::publish {
namespace fs = std::filesystem;
namespace {

Status FsyncPath(const fs::path& p, int flags) {
  int fd = ::open(p.c_str(), flags);
  if (fd < 0) return Status::IOError("open {}: {}", p.string(), std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::IOError("fsync {}: {}", p.string(), std::strerror(err));
  return Status::OK();
}

}  // namespace

BlueGreen::BlueGreen(fs::path link, fs::path state_dir) : link_(std::move(link)), state_dir_(std::move(state_dir)) {}

Result<fs::path> BlueGreen::Published() const {
  std::error_code ec;
  fs::file_status st = fs::symlink_status(link_, ec);
  if (ec || !fs::exists(st)) return fs::path();
  if (!fs::is_symlink(st)) {
    return Status::Corruption("{} is a plain file, not the link ecomdw publishes through; move it away", link_.string());
  }
  fs::path target = fs::read_symlink(link_, ec);
  if (ec) return Status::IOError("readlink {}: {}", link_.string(), ec.message());
  if (target.is_relative()) target = link_.parent_path() / target;
  return target.lexically_normal();
}

Result<fs::path> BlueGreen::WorkFile() const {
  ECOMDW_ASSIGN_OR_RETURN(fs::path published, Published());
  fs::path a = state_dir_ / "warehouse-a.duckdb";
  fs::path b = state_dir_ / "warehouse-b.duckdb";
  return published == a ? b : a;
}

Status BlueGreen::Publish(const fs::path& work) const {
  std::error_code ec;
  fs::create_directories(link_.parent_path(), ec);
  ECOMDW_TRY(FsyncPath(work, O_RDONLY));
  // A relative link keeps the project folder movable.
  fs::path target = work.lexically_relative(link_.parent_path());
  fs::path tmp = link_.string() + ".publishing";
  fs::remove(tmp, ec);
  fs::create_symlink(target, tmp, ec);
  if (ec) return Status::IOError("symlink {}: {}", tmp.string(), ec.message());
  fs::rename(tmp, link_, ec);
  if (ec) return Status::IOError("publish: rename {} -> {}: {}", tmp.string(), link_.string(), ec.message());
  return FsyncPath(link_.parent_path(), O_RDONLY | O_DIRECTORY);
}

}  // namespace ecomdw::publish
