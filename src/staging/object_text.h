// The decompressed bytes of one landed object, the loader's first step.
//
// The whole object is read into memory (objects are exports of one source
// and day: megabytes, not gigabytes) followed by zeroed padding, so that
// simdjson may read past the end of any line (it needs kPadding bytes).
// Gzip objects are inflated (concatenated members included); plain ones are
// read as they are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace ecomdw::staging {

class ObjectText {
 public:
  static constexpr size_t kPadding = 64;  // >= SIMDJSON_PADDING

  // The content, without padding. Valid while this object lives.
  std::string_view text() const { return std::string_view(storage_.data(), size_); }
  // Bytes readable from `p` (inside text()) to the end of the padding.
  size_t CapacityFrom(const char* p) const { return storage_.size() - static_cast<size_t>(p - storage_.data()); }

  // Reads `path`, inflating it when `gzip`. A damaged object is Corruption
  // with what was wrong ("not gzip data", "truncated gzip stream", "damaged
  // gzip stream: <zlib>"); text() then holds what could be read before the
  // damage, so the caller can name the line reached. IOError when the file
  // cannot be opened.
  Status Read(const std::string& path, bool gzip);

 private:
  std::string storage_;
  size_t size_ = 0;
};

}  // namespace ecomdw::staging
