#include "staging/raw_lines.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <memory>


namespace ecomdw::staging {
namespace {

struct GzFileCloser {
  void operator()(gzFile f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<std::remove_pointer_t<gzFile>, GzFileCloser>;

// Reads the file through zlib, which also passes plain files through
// unchanged when `gzip` is false (gzdirect), so both use one path.
Status ReadChunks(const std::string& path, bool gzip, const std::function<Status(std::string_view)>& on_chunk) {
  GzFile file(gzopen(path.c_str(), "rb"));
  if (!file) return Status::IOError("cannot open {}: {}", path, std::strerror(errno));
  gzbuffer(file.get(), 1 << 17);
  std::string buffer(1 << 17, '\0');
  bool checked_format = false;
  while (true) {
    int n = gzread(file.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
    if (n < 0) {
      int err = 0;
      const char* msg = gzerror(file.get(), &err);
      return Status::Corruption("{}: damaged gzip stream: {}", path, msg ? msg : "unknown error");
    }
    if (!checked_format && n > 0) {
      checked_format = true;
      if (gzip && gzdirect(file.get())) return Status::Corruption("{}: expected gzip data, found plain bytes", path);
    }
    if (n == 0) break;
    ECOMDW_TRY(on_chunk(std::string_view(buffer.data(), static_cast<size_t>(n))));
  }
  int err = 0;
  gzerror(file.get(), &err);
  if (err != Z_OK && err != Z_STREAM_END) return Status::Corruption("{}: truncated gzip stream", path);
  return Status::OK();
}

}  // namespace

Status ForEachLine(const std::string& path, bool gzip,
                   const std::function<Status(int64_t, std::string_view)>& on_line) {
  std::string pending;
  int64_t line = 0;
  auto emit = [&](std::string_view text) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return on_line(++line, text);
  };
  ECOMDW_TRY(ReadChunks(path, gzip, [&](std::string_view chunk) -> Status {
    size_t start = 0;
    while (true) {
      size_t nl = chunk.find('\n', start);
      if (nl == std::string_view::npos) {
        pending.append(chunk.substr(start));
        return Status::OK();
      }
      if (pending.empty()) {
        ECOMDW_TRY(emit(chunk.substr(start, nl - start)));
      } else {
        pending.append(chunk.substr(start, nl - start));
        ECOMDW_TRY(emit(pending));
        pending.clear();
      }
      start = nl + 1;
    }
  }));
  if (!pending.empty()) ECOMDW_TRY(emit(pending));
  return Status::OK();
}

Status ReadAll(const std::string& path, bool gzip, std::string* out) {
  out->clear();
  return ReadChunks(path, gzip, [&](std::string_view chunk) {
    out->append(chunk);
    return Status::OK();
  });
}

}  // namespace ecomdw::staging
