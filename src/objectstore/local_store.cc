#include "objectstore/local_store.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <system_error>

#include "objectstore/file_util.h"

namespace ecomdw::objectstore {
namespace fs = std::filesystem;
namespace {

class LocalStore final : public ObjectStore {
 public:
  explicit LocalStore(fs::path root) : root_(std::move(root)) {}

  std::string uri() const override { return "file://" + root_.string(); }

  Result<std::vector<ObjectInfo>> List(std::string_view prefix) override {
    std::vector<ObjectInfo> out;
    std::error_code ec;
    if (!fs::exists(root_, ec)) return Status::NotFound("bucket folder {} does not exist", root_.string());
    // Walk only the deepest folder the prefix names, not the whole bucket.
    std::string_view dir_part = prefix.substr(0, prefix.rfind('/') == std::string_view::npos ? 0 : prefix.rfind('/'));
    fs::path start = root_ / std::string(dir_part);
    const std::string root_prefix = root_.generic_string() + "/";
    if (!fs::exists(start, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(start, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      // The walk starts under root_, so the key is the path minus "root_/"
      // (fs::relative would canonicalize, costing several stats per object).
      std::string key = it->path().generic_string().substr(root_prefix.size());
      if (key.rfind(prefix, 0) != 0 || IsTemporaryName(key)) continue;
      ECOMDW_ASSIGN_OR_RETURN(ObjectInfo info, Info(key, it->path()));
      out.push_back(std::move(info));
    }
    if (ec) return Status::IOError("listing {}: {}", start.string(), ec.message());
    std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    return out;
  }

  Result<ObjectInfo> Head(std::string_view key) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    return Info(std::string(key), root_ / std::string(key));
  }

  Result<ObjectInfo> GetToFile(std::string_view key, const std::string& local_path) override {
    ECOMDW_ASSIGN_OR_RETURN(ObjectInfo before, Head(key));
    ECOMDW_TRY(CopyFileAtomically(root_ / std::string(key), local_path));
    std::error_code ec;
    auto copied = fs::file_size(local_path, ec);
    if (ec || static_cast<int64_t>(copied) != before.size) {
      fs::remove(local_path, ec);
      return Status::Unavailable("object {} changed while it was read ({} bytes listed, {} read)", key,
                                 before.size, copied);
    }
    return before;
  }

  Result<std::string> GetBytes(std::string_view key) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    return ReadWholeFile(root_ / std::string(key));
  }

  Status Put(std::string_view key, std::string_view bytes) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    return WriteFileAtomically(root_ / std::string(key), bytes);
  }

 private:
  Result<ObjectInfo> Info(const std::string& key, const fs::path& path) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec) {
      if (ec == std::errc::no_such_file_or_directory) return Status::NotFound("no object {} in {}", key, uri());
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
    info.etag = fmt::format("{}-{}", size, ns);
    info.last_modified_unix = std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
    return info;
  }

  fs::path root_;
};

}  // namespace

std::unique_ptr<ObjectStore> OpenLocalStore(fs::path root) { return std::make_unique<LocalStore>(std::move(root)); }

}  // namespace ecomdw::objectstore
