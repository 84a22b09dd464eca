#include "ingest/partition.h"

#include <cctype>

namespace ecomdw::ingest {
namespace {

bool Digits(std::string_view s) {
  for (unsigned char c : s) {
    if (!std::isdigit(c)) return false;
  }
  return !s.empty();
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::optional<warehouse::Date> PartitionDateFromKey(std::string_view key) {
  size_t start = 0;
  while (start < key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view seg = key.substr(start, end - start);
    if (seg.rfind("dt=", 0) == 0) {
      std::string_view d = seg.substr(3);
      if (d.size() != 10 || d[4] != '-' || d[7] != '-' || !Digits(d.substr(0, 4)) || !Digits(d.substr(5, 2)) ||
          !Digits(d.substr(8, 2))) {
        return std::nullopt;
      }
      int y = ToInt(d.substr(0, 4));
      int m = ToInt(d.substr(5, 2));
      int day = ToInt(d.substr(8, 2));
      return warehouse::CheckedDateFromCivil(y, m, day);
    }
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace ecomdw::ingest
