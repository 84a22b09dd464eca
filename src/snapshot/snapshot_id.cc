#include "snapshot/snapshot_id.h"

#include <ctime>
#include <regex>

#include <fmt/format.h>

namespace ecomdw::snapshot {
namespace {

std::tm Utc(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return tm;
}

}  // namespace

std::string MakeSnapshotId(std::chrono::system_clock::time_point when, uint32_t suffix) {
  std::tm tm = Utc(when);
  return fmt::format("snap-{:04}{:02}{:02}T{:02}{:02}{:02}Z-{:04x}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, suffix & 0xffffu);
}

std::string UtcText(std::chrono::system_clock::time_point when) {
  std::tm tm = Utc(when);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

bool IsSnapshotId(std::string_view text) {
  static const std::regex kId(R"(snap-\d{8}T\d{6}Z-[0-9a-f]{4})");
  return std::regex_match(text.begin(), text.end(), kId);
}

}  // namespace ecomdw::snapshot
