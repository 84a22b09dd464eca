#include "ingest/landing_path.h"

#include "objectstore/digest.h"
#include "objectstore/object_store.h"

namespace ecomdw::ingest {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxSegment = 200;  // below NAME_MAX (255), room for temp suffixes
constexpr size_t kMaxName = 1024;

bool Plain(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '=' || c == '/' || c == ' ' || c == '+' || c == ',' || c == '@';
}

}  // namespace

std::string LandingName(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (unsigned char c : key) {
    if (Plain(c)) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  bool too_long = out.size() > kMaxName;
  for (size_t start = 0; !too_long && start < out.size();) {
    size_t end = out.find('/', start);
    if (end == std::string::npos) end = out.size();
    too_long = end - start > kMaxSegment;
    start = end + 1;
  }
  if (!too_long) return out;
  // Keep a short, plain extension so a reader that looks at it still can.
  std::string ext;
  size_t dot = out.find('.', out.rfind('/') == std::string::npos ? 0 : out.rfind('/'));
  if (dot != std::string::npos && out.size() - dot <= 16) ext = out.substr(dot);
  // "%%" never occurs in an encoded name ("%" is always followed by hex
  // digits there), so no key can be given this name by its own bytes.
  return "%%long/" + objectstore::Sha256Hex(key) + ext;
}

Result<fs::path> LandingPath(const fs::path& batch_dir, const std::string& key) {
  fs::path p = (batch_dir / LandingName(key)).lexically_normal();
  std::string base = batch_dir.lexically_normal().string();
  if (p.string().compare(0, base.size(), base) != 0 || p.string().size() <= base.size() + 1 ||
      p.string()[base.size()] != '/') {
    return Status::InvalidArgument("object key \"{}\" would land outside {}", objectstore::PrintableKey(key), base);
  }
  return p;
}

}  // namespace ecomdw::ingest
