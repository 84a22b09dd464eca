#include <string>

#include "objectstore/object_store.h"

namespace ecomdw::objectstore {
namespace {

std::string Escaped(std::string_view key) {
  std::string out;
  for (unsigned char c : key.substr(0, 200)) {
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

Status ValidateObjectKey(std::string_view key) {
  auto refuse = [&](std::string_view why) {
    return Status::InvalidArgument("object key \"{}\" refused: {}", Escaped(key), why);
  };
  if (key.empty()) return refuse("empty");
  if (key.size() > 1024) return refuse("longer than 1024 bytes");
  if (key.front() == '/') return refuse("absolute path");
  for (unsigned char c : key) {
    if (c < 0x20 || c == 0x7f) return refuse("contains a NUL or control byte");
    if (c == '\\') return refuse("contains a backslash");
  }
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
