#include "objectstore/local_store.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <system_error>

#include "objectstore/beneath.h"
#include "objectstore/file_util.h"

namespace ecomdw::objectstore {
namespace fs = std::filesystem;
namespace {

ObjectInfo Refused(std::string key, std::string why) {
  ObjectInfo info;
  info.key = std::move(key);
  info.refused = std::move(why);
  return info;
}

class LocalStore final : public ObjectStore {
 public:
  explicit LocalStore(fs::path root) : root_(std::move(root)) {}

  std::string uri() const override { return "file://" + root_.string(); }

  // Entries the store will not serve are listed with ObjectInfo::refused set,
  // so the caller records them instead of the bucket silently shrinking:
  // links that leave the bucket or lead nowhere, links to folders (never
  // followed: the walk would leave the bucket or see objects twice), FIFOs,
  // sockets and devices.
  Result<std::vector<ObjectInfo>> List(std::string_view prefix) override {
    std::vector<ObjectInfo> out;
    std::error_code ec;
    if (!fs::exists(root_, ec)) return Status::NotFound("bucket folder {} does not exist", root_.string());
    fs::path real_root = fs::canonical(root_, ec);
    if (ec) return Status::IOError("resolving bucket folder {}: {}", root_.string(), ec.message());
    // Walk only the deepest folder the prefix names, not the whole bucket.
    std::string_view dir_part = prefix.substr(0, prefix.rfind('/') == std::string_view::npos ? 0 : prefix.rfind('/'));
    const std::string root_prefix = root_.generic_string() + "/";
    // A link among the folders leading to the walk's start would take the
    // whole walk elsewhere: each is checked with lstat.
    fs::path start = root_;
    std::string rel;
    for (size_t pos = 0; pos < dir_part.size();) {
      size_t slash = dir_part.find('/', pos);
      if (slash == std::string_view::npos) slash = dir_part.size();
      std::string segment(dir_part.substr(pos, slash - pos));
      pos = slash + 1;
      start /= segment;
      rel += (rel.empty() ? "" : "/") + segment;
      fs::file_status st = fs::symlink_status(start, ec);
      if (ec || !fs::exists(st)) return out;
      if (fs::is_symlink(st)) {
        out.push_back(Refused(rel + "/", LinkRefusal(real_root, start, rel + "/")));
        return out;
      }
      if (!fs::is_directory(st)) return out;
    }
    for (auto it = fs::recursive_directory_iterator(start, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      // The walk starts under root_, so the key is the path minus "root_/"
      // (fs::relative would canonicalize, costing several stats per object).
      std::string key = it->path().generic_string().substr(root_prefix.size());
      if (key.rfind(prefix, 0) != 0 || IsTemporaryName(key)) continue;
      fs::file_status st = it->symlink_status(ec);
      if (ec) break;
      if (fs::is_directory(st)) continue;  // walked into (links to folders are not)
      if (fs::is_regular_file(st)) {
        ECOMDW_ASSIGN_OR_RETURN(ObjectInfo info, Info(key, it->path()));
        out.push_back(std::move(info));
      } else if (fs::is_symlink(st)) {
        Result<fs::path> real = ResolveWithin(real_root, it->path(), key);
        if (!real.ok()) {
          if (real.status().code() == StatusCode::kInvalidArgument) out.push_back(Refused(key, real.status().message()));
          if (real.status().code() == StatusCode::kIOError) return real.status();
          continue;  // NotFound: removed while listed
        }
        fs::file_status target = fs::status(*real, ec);
        if (fs::is_regular_file(target)) {
          ECOMDW_ASSIGN_OR_RETURN(ObjectInfo info, Info(key, *real));
          out.push_back(std::move(info));
        } else {
          out.push_back(Refused(key, LinkRefusal(real_root, it->path(), key)));
        }
        ec.clear();
      } else {
        out.push_back(Refused(key, fmt::format("object key \"{}\" refused: not a regular file (a FIFO, socket or "
                                               "device)",
                                               PrintableKey(key))));
      }
    }
    if (ec) return Status::IOError("listing {}: {}", start.string(), ec.message());
    std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    return out;
  }

  Result<ObjectInfo> Head(std::string_view key) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    fs::path real;
    ECOMDW_ASSIGN_OR_RETURN(UniqueFd fd, OpenWithin(root_, key, &real));
    return Info(std::string(key), real);
  }

  Result<ObjectInfo> GetToFile(std::string_view key, const std::string& local_path) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    fs::path real;
    ECOMDW_ASSIGN_OR_RETURN(UniqueFd fd, OpenWithin(root_, key, &real));
    ECOMDW_ASSIGN_OR_RETURN(ObjectInfo before, Info(std::string(key), real));
    int64_t copied = 0;
    ECOMDW_TRY(CopyFdAtomically(fd.get(), local_path, &copied));
    if (copied != before.size) {
      std::error_code ec;
      fs::remove(local_path, ec);
      return Status::Unavailable("object {} changed while it was read ({} bytes listed, {} read)", PrintableKey(key),
                                 before.size, copied);
    }
    return before;
  }

  Result<std::string> GetBytes(std::string_view key) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    ECOMDW_ASSIGN_OR_RETURN(UniqueFd fd, OpenWithin(root_, key));
    std::string out;
    char buf[1 << 16];
    for (;;) {
      ssize_t n = ::read(fd.get(), buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::IOError("read {}: {}", PrintableKey(key), std::strerror(errno));
      if (n == 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }

  // Writes never follow a link out of the bucket either: the deepest folder
  // of the key that exists already must resolve inside it.
  Status Put(std::string_view key, std::string_view bytes) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    std::error_code ec;
    fs::create_directories(root_, ec);
    if (ec) return Status::IOError("mkdir {}: {}", root_.string(), ec.message());
    fs::path real_root = fs::canonical(root_, ec);
    if (ec) return Status::IOError("resolving bucket folder {}: {}", root_.string(), ec.message());
    fs::path target = root_ / std::string(key);
    fs::path existing = target.parent_path();
    while (!fs::exists(fs::symlink_status(existing, ec)) && existing != root_) existing = existing.parent_path();
    fs::path real = fs::canonical(existing, ec);
    if (ec || !IsWithin(real_root, real)) {
      return Status::InvalidArgument("object key \"{}\" refused: its folder {} leads outside the bucket {}",
                                     PrintableKey(key), existing.string(), real_root.string());
    }
    return WriteFileAtomically(target, bytes);
  }

 private:
  // Why the link at `path` (a folder link, or a link to a non-file) is not served.
  static std::string LinkRefusal(const fs::path& real_root, const fs::path& path, const std::string& key) {
    Result<fs::path> real = ResolveWithin(real_root, path, key);
    if (!real.ok()) return real.status().message();
    std::error_code ec;
    if (fs::is_directory(*real, ec)) {
      return fmt::format("object key \"{}\" refused: symbolic link to the folder {}, not followed (objects are "
                         "ingested under their real keys)",
                         PrintableKey(key), real->string());
    }
    return fmt::format("object key \"{}\" refused: symbolic link to something that is not a regular file",
                       PrintableKey(key));
  }

  Result<ObjectInfo> Info(const std::string& key, const fs::path& path) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec) {
      if (ec == std::errc::no_such_file_or_directory) {
        return Status::NotFound("no object {} in {}", PrintableKey(key), uri());
      }
      return Status::IOError("stat {}: {}", path.string(), ec.message());
    }
    auto mtime = fs::last_write_time(path, ec);
    if (ec) return Status::IOError("stat {}: {}", path.string(), ec.message());
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    // GCC 12 lacks clock_cast; shift by the offset between the two clocks.
    auto sys = std::chrono::system_clock::now() +
               std::chrono::duration_cast<std::chrono::system_clock::duration>(
                   mtime - fs::file_time_type::clock::now());
    ObjectInfo info;
    info.key = key;
    info.size = static_cast<int64_t>(size);
    // A cheap change detector only: the ledger compares content by SHA-256,
    // so a touched or re-copied file with the same bytes is no new version.
    info.etag = fmt::format("{}-{}", size, ns);
    info.last_modified_unix = std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
    return info;
  }

  fs::path root_;
};

}  // namespace

std::unique_ptr<ObjectStore> OpenLocalStore(fs::path root) { return std::make_unique<LocalStore>(std::move(root)); }

}  // namespace ecomdw::objectstore
