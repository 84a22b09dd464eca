#include "publish/generations.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <regex>

namespace ecomdw::publish {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTempSuffix = ".copying";

std::string ErrnoText(int err) {
  if (err == ENOSPC) return "no space left on device";
  return std::strerror(err);
}

Status FsyncPath(const fs::path& p, int flags) {
  int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::IOError("open {}: {}", p.string(), ErrnoText(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::IOError("fsync {}: {}", p.string(), ErrnoText(err));
  return Status::OK();
}

// Removes `file`, the engine's write-ahead log and spill folder beside it.
void RemoveWithLog(const fs::path& file) {
  std::error_code ec;
  fs::remove(file, ec);
  fs::remove(file.string() + ".wal", ec);
  fs::remove_all(file.string() + ".tmp", ec);
}

bool IsLegacyColor(const fs::path& name) {
  return name == "warehouse-a.duckdb" || name == "warehouse-b.duckdb";
}

}  // namespace

bool HeldByAnotherProcess(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock fl {};
  fl.l_type = F_WRLCK;  // would a writer's lock conflict with anyone's?
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 0;
  int rc = ::fcntl(fd, F_GETLK, &fl);
  ::close(fd);
  if (rc != 0) return true;  // cannot tell: keep the file
  return fl.l_type != F_UNLCK;
}

namespace {

// CopyWholeFile from the open descriptor `in` (named `from` in messages);
// `in` stays open.
Status CopyFromFd(int in, const fs::path& from, const fs::path& to) {
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) return Status::IOError("create {}: {}", to.string(), ErrnoText(errno));
  Status status = [&]() -> Status {
    struct stat st {};
    if (::fstat(in, &st) != 0) return Status::IOError("stat {}: {}", from.string(), ErrnoText(errno));
    const off_t size = st.st_size;
    if (::ftruncate(out, size) != 0) return Status::IOError("write {}: {}", to.string(), ErrnoText(errno));
    // Data extents only: holes stay holes in the copy.
    off_t pos = 0;
    while (pos < size) {
      off_t data = ::lseek(in, pos, SEEK_DATA);
      if (data < 0) {
        if (errno == ENXIO) break;  // only a hole is left
        data = pos;                 // SEEK_DATA unsupported: copy everything
      }
      off_t hole = ::lseek(in, data, SEEK_HOLE);
      if (hole < 0) hole = size;
      off_t src = data, dst = data;
      while (src < hole) {
        ssize_t n = ::copy_file_range(in, &src, out, &dst, static_cast<size_t>(hole - src), 0);
        if (n < 0) return Status::IOError("write {}: {}", to.string(), ErrnoText(errno));
        if (n == 0) return Status::IOError("copy {}: the file shrank while it was copied", from.string());
      }
      pos = hole;
    }
    if (::fsync(out) != 0) return Status::IOError("fsync {}: {}", to.string(), ErrnoText(errno));
    return Status::OK();
  }();
  if (::close(out) != 0 && status.ok()) status = Status::IOError("close {}: {}", to.string(), ErrnoText(errno));
  if (!status.ok()) {
    std::error_code ec;
    fs::remove(to, ec);
  }
  return status;
}

}  // namespace

Status CopyWholeFile(const fs::path& from, const fs::path& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Status::IOError("open {}: {}", from.string(), ErrnoText(errno));
  Status status = CopyFromFd(in, from, to);
  ::close(in);
  return status;
}

Generations::Generations(fs::path link, fs::path state_dir)
    : link_(std::move(link)), state_dir_(std::move(state_dir)) {}

int64_t Generations::NumberOf(const fs::path& file) {
  static const std::regex kName(R"(gen-(\d{1,18})\.duckdb)");
  std::smatch m;
  std::string name = file.filename().string();
  if (!std::regex_match(name, m, kName)) return 0;
  return std::stoll(m[1].str());
}

fs::path Generations::PathOf(int64_t number) const {
  char name[40];
  std::snprintf(name, sizeof(name), "gen-%06lld.duckdb", static_cast<long long>(number));
  return state_dir_ / name;
}

std::vector<fs::path> Generations::AllGenerations() const {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(state_dir_, ec)) {
    fs::path name = e.path().filename();
    if (NumberOf(name) > 0 || IsLegacyColor(name)) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) {
    return std::pair(NumberOf(a), a.string()) < std::pair(NumberOf(b), b.string());
  });
  return out;
}

Result<fs::path> Generations::Published() const {
  std::error_code ec;
  fs::file_status st = fs::symlink_status(link_, ec);
  if (ec || !fs::exists(st)) return fs::path();
  if (!fs::is_symlink(st)) {
    return Status::Corruption(
        "{} is a plain file, not the link ecomdw publishes through (made by another tool, or by an ecomdw before "
        "0.2); move it out of the project and build again",
        link_.string());
  }
  fs::path target = fs::read_symlink(link_, ec);
  if (ec) return Status::IOError("readlink {}: {}", link_.string(), ec.message());
  if (target.is_relative()) target = link_.parent_path() / target;
  return target.lexically_normal();
}

Result<fs::path> Generations::Unpublished() const {
  ECOMDW_ASSIGN_OR_RETURN(fs::path published, Published());
  int64_t floor = published.empty() ? -1 : NumberOf(published);
  std::vector<fs::path> all = AllGenerations();
  if (all.empty() || NumberOf(all.back()) <= floor || all.back() == published) return fs::path();
  return all.back();
}

Result<WorkGeneration> Generations::PrepareWork(bool discard_unpublished) const {
  std::error_code ec;
  fs::create_directories(state_dir_, ec);
  if (ec) return Status::IOError("create {}: {}", state_dir_.string(), ec.message());
  ECOMDW_ASSIGN_OR_RETURN(fs::path published, Published());
  ECOMDW_ASSIGN_OR_RETURN(fs::path unpublished, Unpublished());
  WorkGeneration work;
  if (!unpublished.empty() && !discard_unpublished) {
    work.file = unpublished;
    work.reused = true;
    return work;
  }
  int64_t next = NextNumber(published);
  if (!unpublished.empty()) RemoveWithLog(unpublished);
  work.file = PathOf(next);
  RemoveWithLog(work.file);
  if (published.empty()) return work;

  auto start = std::chrono::steady_clock::now();
  // A published generation is checkpointed and has no log; one made before
  // generations may still have one, and it belongs to the copy.
  if (fs::exists(published.string() + ".wal")) {
    ECOMDW_TRY(CopyWholeFile(published.string() + ".wal", work.file.string() + ".wal"));
  }
  ECOMDW_TRY(CopyInto(published, work.file, nullptr).WithContext("copying the published generation"));
  work.copied_bytes = static_cast<int64_t>(fs::file_size(work.file, ec));
  work.copy_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return work;
}

// Numbers only grow, past a discarded generation too.
int64_t Generations::NextNumber(const fs::path& published) const {
  std::vector<fs::path> all = AllGenerations();
  return all.empty() ? NumberOf(published) + 1 : std::max<int64_t>(NumberOf(all.back()), NumberOf(published)) + 1;
}

Status Generations::CopyInto(const fs::path& from, const fs::path& to,
                             const std::function<Status(const fs::path&)>& check) const {
  fs::path tmp = to.string() + kTempSuffix;
  RemoveWithLog(tmp);
  ECOMDW_TRY(CopyWholeFile(from, tmp));
  if (check) {
    Status checked = check(tmp);
    if (!checked.ok()) {
      RemoveWithLog(tmp);
      return checked;
    }
  }
  std::error_code ec;
  fs::rename(tmp, to, ec);
  if (ec) return Status::IOError("rename {} -> {}: {}", tmp.string(), to.string(), ec.message());
  return FsyncPath(state_dir_, O_RDONLY | O_DIRECTORY);
}

Result<fs::path> Generations::CopyPublishedTo(const fs::path& to) const {
  for (int attempt = 0; attempt < 5; ++attempt) {
    ECOMDW_ASSIGN_OR_RETURN(fs::path published, Published());
    if (published.empty()) return Status::NotFound("nothing is published yet at {}", link_.string());
    int in = ::open(published.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0 && errno == ENOENT) continue;  // removed by a writer after a newer publish: resolve again
    if (in < 0) return Status::IOError("open {}: {}", published.string(), ErrnoText(errno));
    std::error_code ec;
    if (fs::file_size(published.string() + ".wal", ec) > 0 && !ec) {
      ::close(in);
      return Status::Corruption("the published generation {} has a write-ahead log beside it, which a published "
                                "generation never has; build once to publish a whole one",
                                published.string());
    }
    Status copied = CopyFromFd(in, published, to);
    ::close(in);
    ECOMDW_TRY(copied);
    return published;
  }
  return Status::Unavailable("the published generation of {} was replaced five times while it was being opened",
                             link_.string());
}

Result<fs::path> Generations::PublishCopyOf(const fs::path& file, bool discard_unpublished,
                                            const std::function<Status(const fs::path&)>& check) const {
  std::error_code ec;
  fs::create_directories(state_dir_, ec);
  if (ec) return Status::IOError("create {}: {}", state_dir_.string(), ec.message());
  ECOMDW_ASSIGN_OR_RETURN(fs::path published, Published());
  ECOMDW_ASSIGN_OR_RETURN(fs::path unpublished, Unpublished());
  if (!unpublished.empty() && !discard_unpublished) {
    return Status::Conflict(
        "there is an unpublished generation {} (a failed build's work, or what `ecomdw ingest` landed since the "
        "last build); the next build would continue it. Build to publish it, or pass --discard-unpublished to drop "
        "it; nothing was changed",
        unpublished.string());
  }
  fs::path target = PathOf(NextNumber(published));
  RemoveWithLog(target);
  ECOMDW_TRY(CopyInto(file, target, check));
  Status swapped = Publish(target);
  if (!swapped.ok()) {
    // Removed unless the link already names it (a failure after the rename).
    Result<fs::path> now = Published();
    if (now.ok() && *now != target) RemoveWithLog(target);
    return swapped;
  }
  return target;
}

Status Generations::Publish(const fs::path& work) const {
  std::error_code ec;
  fs::create_directories(link_.parent_path(), ec);
  ECOMDW_TRY(FsyncPath(work, O_RDONLY));
  ECOMDW_TRY(FsyncPath(work.parent_path(), O_RDONLY | O_DIRECTORY));  // the file's own name is durable
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

Result<Collected> Generations::CollectGarbage() const {
  ECOMDW_ASSIGN_OR_RETURN(fs::path published, Published());
  ECOMDW_ASSIGN_OR_RETURN(fs::path unpublished, Unpublished());
  Collected out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(state_dir_, ec)) {
    std::string name = e.path().filename().string();
    if (name.size() > std::strlen(kTempSuffix) && name.ends_with(kTempSuffix)) RemoveWithLog(e.path());
  }
  for (const fs::path& g : AllGenerations()) {
    if (g == published || g == unpublished) continue;
    if (HeldByAnotherProcess(g)) {
      out.held.push_back(g);
      continue;
    }
    RemoveWithLog(g);
    out.removed.push_back(g);
  }
  return out;
}

}  // namespace ecomdw::publish
