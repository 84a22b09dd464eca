#include "staging/object_text.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace ecomdw::staging {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Status ReadFile(const std::string& path, std::string* out) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) return Status::IOError("cannot open {}: {}", path, std::strerror(errno));
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f.get())) > 0) out->append(buf, n);
  if (std::ferror(f.get())) return Status::IOError("cannot read {}: {}", path, std::strerror(errno));
  return Status::OK();
}

// Inflates every gzip member of `in` into *out. Stops at the first damage,
// leaving in *out what was inflated before it.
Status Inflate(const std::string& in, std::string* out) {
  if (in.size() < 2 || static_cast<unsigned char>(in[0]) != 0x1f || static_cast<unsigned char>(in[1]) != 0x8b) {
    return Status::Corruption("not gzip data (no gzip header)");
  }
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return Status::Internal("zlib: inflateInit2 failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  out->reserve(in.size() * 6);
  char buf[1 << 17];
  Status status;
  while (true) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof(buf);
    int rc = inflate(&z, Z_NO_FLUSH);
    out->append(buf, sizeof(buf) - z.avail_out);
    if (rc == Z_STREAM_END) {
      // Another member may follow (concatenated gzip); trailing zeros end it.
      if (z.avail_in == 0) break;
      if (*z.next_in != 0x1f) {
        status = Status::Corruption("trailing bytes after the gzip stream");
        break;
      }
      inflateReset(&z);
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      status = Status::Corruption("truncated gzip stream");
    } else {
      status = Status::Corruption("damaged gzip stream: {}", z.msg ? z.msg : "zlib error");
    }
    break;
  }
  inflateEnd(&z);
  return status;
}

}  // namespace

Status ObjectText::Read(const std::string& path, bool gzip) {
  storage_.clear();
  size_ = 0;
  std::string raw;
  ECOMDW_TRY(ReadFile(path, &raw));
  Status status;
  if (gzip && !raw.empty()) {
    status = Inflate(raw, &storage_);
  } else {
    storage_ = std::move(raw);
  }
  size_ = storage_.size();
  storage_.append(kPadding, '\0');
  return status;
}

}  // namespace ecomdw::staging
