#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <thread>

#include "config/config.h"

namespace ecomdw::config {
namespace {

constexpr int64_t kGiB = int64_t{1} << 30;

// Regions that offer base capacities above 512 RPU (AWS documentation,
// "Amazon Redshift Serverless capacity", as of 2025). Keep in sync with AWS.
constexpr std::array<std::string_view, 9> kLargeCapacityRegions = {
    "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1",
    "eu-north-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2"};

}  // namespace

Status ValidateWorkgroup(const Workgroup& wg, const std::string& where) {
  const int64_t rpu = wg.base_capacity_rpu;
  if (wg.name.empty() || wg.name.size() < 3 || wg.name.size() > 64) {
    return Status::InvalidArgument("{}: workgroup.name must be 3-64 characters", where);
  }
  for (char c : wg.name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return Status::InvalidArgument("{}: workgroup.name \"{}\": only a-z, 0-9 and '-' are allowed", where, wg.name);
    }
  }
  if (rpu >= 8 && rpu <= 512) {
    if (rpu % 8 != 0) {
      return Status::InvalidArgument("{}: workgroup.base_capacity_rpu {}: must be a multiple of 8 (8..512)", where, rpu);
    }
  } else if (rpu > 512 && rpu <= 1024) {
    if (rpu % 32 != 0) {
      return Status::InvalidArgument("{}: workgroup.base_capacity_rpu {}: above 512 it goes in steps of 32", where, rpu);
    }
    if (std::find(kLargeCapacityRegions.begin(), kLargeCapacityRegions.end(), wg.region) ==
        kLargeCapacityRegions.end()) {
      return Status::InvalidArgument("{}: workgroup.base_capacity_rpu {}: above 512 RPU is not offered in {}", where,
                                     rpu, wg.region);
    }
  } else {
    return Status::InvalidArgument("{}: workgroup.base_capacity_rpu {}: must be 8..512 (or up to 1024 in large regions)",
                                   where, rpu);
  }
  if (wg.max_query_execution_time_s < 0 || wg.max_query_execution_time_s > 86399) {
    return Status::InvalidArgument("{}: workgroup.max_query_execution_time {}: must be 0..86399 seconds", where,
                                   wg.max_query_execution_time_s);
  }
  return Status::OK();
}

Result<int64_t> ParseMemorySize(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  std::string unit = text.substr(digits);
  int64_t scale = 0;
  if (unit == "MiB" || unit == "MB") scale = int64_t{1} << 20;
  if (unit == "GiB" || unit == "GB") scale = kGiB;
  if (digits == 0 || digits > 9 || scale == 0) {
    return Status::InvalidArgument("memory size \"{}\": expected a whole number with MiB or GiB, e.g. \"4GiB\"", text);
  }
  int64_t n = std::stoll(text.substr(0, digits));
  if (n == 0) return Status::InvalidArgument("memory size \"{}\" must be more than zero", text);
  return n * scale;
}

std::string LocalLimits::memory_limit_text() const { return fmt::format("{}MiB", memory_bytes >> 20); }

LocalLimits MapWorkgroupToMachine(const Workgroup& wg, int hardware_threads, int64_t physical_memory) {
  LocalLimits limits;
  limits.threads = static_cast<int>(std::clamp<int64_t>(wg.base_capacity_rpu / 8, 1, std::max(1, hardware_threads)));
  limits.memory_bytes = std::min(wg.base_capacity_rpu * 16 * kGiB, physical_memory / 10 * 8);
  if (wg.local_memory_limit_bytes > 0) limits.memory_bytes = std::min(wg.local_memory_limit_bytes, limits.memory_bytes);
  limits.query_time_limit = std::chrono::seconds(wg.max_query_execution_time_s);
  return limits;
}

LocalLimits MapWorkgroupToThisMachine(const Workgroup& wg) {
  int threads = static_cast<int>(std::thread::hardware_concurrency());
  int64_t memory = static_cast<int64_t>(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGESIZE);
  return MapWorkgroupToMachine(wg, threads, memory);
}

}  // namespace ecomdw::config
