#include <string>

#include "common/utf8.h"
#include "objectstore/object_store.h"

namespace ecomdw::objectstore {

std::string PrintableKey(std::string_view key) { return PrintableUtf8(key); }

Status ValidateObjectKey(std::string_view key) {
  auto refuse = [&](std::string_view why) {
    return Status::InvalidArgument("object key \"{}\" refused: {}", PrintableKey(key), why);
  };
  if (key.empty()) return refuse("empty");
  if (key.size() > 1024) return refuse("longer than 1024 bytes");
  if (key.front() == '/') return refuse("absolute path");
  for (unsigned char c : key) {
    if (c < 0x20 || c == 0x7f) return refuse("contains a NUL or control byte");
    if (c == '\\') return refuse("contains a backslash");
  }
  if (!IsValidUtf8(key)) return refuse("is not valid UTF-8");
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view segment = key.substr(start, end - start);
    bool last = end == key.size();
    if (segment == "." || segment == "..") return refuse("contains a \".\" or \"..\" segment");
    if (segment.empty() && !last) return refuse("contains an empty segment (\"//\")");
    start = end + 1;
  }
  return Status::OK();
}

}  // namespace ecomdw::objectstore
