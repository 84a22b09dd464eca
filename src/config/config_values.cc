#include "config/config_values.h"

#include <regex>

#include "common/utf8.h"

namespace ecomdw::config {
namespace {

Status Bad(std::string_view value, std::string_view why) {
  return Status::InvalidArgument("\"{}\" {}", PrintableUtf8(value), why);
}

bool HasControlByte(std::string_view v) {
  for (unsigned char c : v) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool AllOf(std::string_view v, std::string_view extra) {
  for (char c : v) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              extra.find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Status CheckLocalPath(std::string_view v) {
  if (v.empty()) return Bad(v, "is empty; expected a path");
  if (HasControlByte(v)) return Bad(v, "contains a control byte");
  if (!IsValidUtf8(v)) return Bad(v, "is not valid UTF-8");
  size_t glob = v.find_first_of("*?[]{}");
  if (glob != std::string_view::npos) {
    return Bad(v, fmt::format("contains '{}', which the engine's file readers take as a pattern", v[glob]));
  }
  if (v.front() == '~') return Bad(v, "starts with '~'; write the path out (relative to the project or absolute)");
  if (v.front() == ':') return Bad(v, "starts with ':' (\":memory:\" and the like are not files)");
  size_t colon = v.find(':');
  size_t slash = v.find('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) {
    return Bad(v, "looks like \"scheme:…\"; expected a local path");
  }
  return Status::OK();
}

Status CheckHost(std::string_view v) {
  if (v.empty() || v.size() > 253 || !AllOf(v, ".:-")) {
    return Bad(v, "is not a host name or address (1-253 of [A-Za-z0-9.:-])");
  }
  return Status::OK();
}

Status CheckConnectionName(std::string_view v) {
  if (v.empty() || v.size() > 63 || !AllOf(v, "_.-") || v.front() == '-') {
    return Bad(v, "is not a plain name (1-63 of [A-Za-z0-9_.-], not starting with '-')");
  }
  return Status::OK();
}

Status CheckIamRoleArn(std::string_view v) {
  static const std::regex kArn(R"(arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512})");
  if (!std::regex_match(v.begin(), v.end(), kArn)) {
    return Bad(v, "is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)");
  }
  return Status::OK();
}

Status CheckAwsName(std::string_view v) {
  bool ok = v.size() >= 3 && v.size() <= 64;
  for (char c : v) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (!ok) return Bad(v, "is not a valid name (3-64 of [a-z0-9-], as Redshift Serverless requires)");
  return Status::OK();
}

Status CheckS3BucketName(std::string_view v) {
  static const std::regex kName(R"([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])");
  static const std::regex kIpv4(R"([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)");
  if (!std::regex_match(v.begin(), v.end(), kName)) {
    return Bad(v, "is not an S3 bucket name (3-63 of [a-z0-9.-], starting and ending with a letter or digit)");
  }
  if (v.find("..") != std::string_view::npos) return Bad(v, "is not an S3 bucket name (\"..\")");
  if (std::regex_match(v.begin(), v.end(), kIpv4)) return Bad(v, "is not an S3 bucket name (an IP address)");
  for (std::string_view prefix : {"xn--", "sthree-"}) {
    if (v.substr(0, prefix.size()) == prefix) return Bad(v, fmt::format("starts with \"{}\", which S3 reserves", prefix));
  }
  for (std::string_view suffix : {"-s3alias", "--ol-s3", ".mrap", "--x-s3"}) {
    if (v.size() >= suffix.size() && v.substr(v.size() - suffix.size()) == suffix) {
      return Bad(v, fmt::format("ends with \"{}\", which S3 reserves", suffix));
    }
  }
  return Status::OK();
}

Status CheckAwsRegion(std::string_view v) {
  static const std::regex kRegion(R"([a-z]{2}(-[a-z]+)+-[0-9]{1,2})");
  if (!std::regex_match(v.begin(), v.end(), kRegion)) return Bad(v, "is not an AWS region (e.g. us-east-1)");
  return Status::OK();
}

Status CheckRawName(std::string_view v) {
  if (v.empty() || v.size() > 255) return Bad(v, "must have 1-255 bytes");
  if (HasControlByte(v)) return Bad(v, "contains a control byte");
  if (!IsValidUtf8(v)) return Bad(v, "is not valid UTF-8");
  if (v.find_first_of("\"\\") != std::string_view::npos) return Bad(v, "contains '\"' or '\\'");
  return Status::OK();
}

}  // namespace ecomdw::config
