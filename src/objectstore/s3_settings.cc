#include "objectstore/s3_settings.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "objectstore/object_store.h"

namespace ecomdw::objectstore {
namespace {

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

Result<int> IntFromEnv(const EnvLookup& env, std::string_view var, int lo, int hi, int fallback) {
  auto v = env(var);
  if (!v || v->empty()) return fallback;
  int out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < lo || out > hi) {
    return Status::InvalidArgument("{}=\"{}\": expected an integer from {} to {}", var, *v, lo, hi);
  }
  return out;
}

bool ValidBucketName(std::string_view b) {
  if (b.size() < 3 || b.size() > 63) return false;
  if (!std::isalnum(static_cast<unsigned char>(b.front())) || !std::isalnum(static_cast<unsigned char>(b.back())))
    return false;
  return std::all_of(b.begin(), b.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '.' || c == '-';
  });
}

}  // namespace

std::string AwsUriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3 / 2);
  for (unsigned char c : s) {
    if (IsUnreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) {
      return Status::InvalidArgument("bad percent escape in \"{}\"", s.substr(0, 200));
    }
    int v = 0;
    auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
    if (ec != std::errc() || p != s.data() + i + 3) {
      return Status::InvalidArgument("bad percent escape in \"{}\"", s.substr(0, 200));
    }
    out += static_cast<char>(v);
    i += 2;
  }
  return out;
}

std::string S3Settings::Describe() const { return "s3://" + bucket + "/" + root_prefix; }

bool S3Settings::UsesVirtualHost() const {
  switch (addressing) {
    case AddressingStyle::kPath: return false;
    case AddressingStyle::kVirtual: return true;
    case AddressingStyle::kAuto:
      // Dotted bucket names break TLS wildcard certificates on virtual hosts.
      return endpoint.empty() && bucket.find('.') == std::string::npos;
  }
  return false;
}

std::string S3Settings::Url(std::string_view full_key,
                            std::vector<std::pair<std::string, std::string>> query) const {
  std::string scheme = "https://";
  std::string host = "s3." + region + ".amazonaws.com";
  if (!endpoint.empty()) {
    size_t sep = endpoint.find("://");
    scheme = endpoint.substr(0, sep + 3);
    host = endpoint.substr(sep + 3);
  }
  std::string url = scheme;
  if (UsesVirtualHost()) {
    url += bucket + "." + host + "/";
  } else {
    url += host + "/" + bucket + "/";
  }
  url += AwsUriEncode(full_key, true);
  std::sort(query.begin(), query.end());
  for (size_t i = 0; i < query.size(); ++i) {
    url += i == 0 ? '?' : '&';
    url += AwsUriEncode(query[i].first, false) + "=" + AwsUriEncode(query[i].second, false);
  }
  return url;
}

Result<S3Settings> ParseS3Uri(std::string_view uri) {
  constexpr std::string_view kScheme = "s3://";
  if (uri.substr(0, kScheme.size()) != kScheme) {
    return Status::InvalidArgument("bucket URI \"{}\": expected s3://BUCKET[/PREFIX]", uri);
  }
  std::string_view rest = uri.substr(kScheme.size());
  size_t slash = rest.find('/');
  S3Settings s;
  s.bucket = std::string(rest.substr(0, slash));
  if (!ValidBucketName(s.bucket)) {
    return Status::InvalidArgument(
        "bucket URI \"{}\": \"{}\" is not a valid S3 bucket name (3-63 characters of a-z 0-9 . -, starting and "
        "ending with a letter or digit)",
        uri, s.bucket);
  }
  if (slash != std::string_view::npos) {
    std::string prefix(rest.substr(slash + 1));
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    if (!prefix.empty()) {
      Status st = ValidateObjectKey(prefix);
      if (!st.ok()) return Status::InvalidArgument("bucket URI \"{}\": prefix {}", uri, st.message());
      s.root_prefix = prefix + "/";
    }
  }
  return s;
}

Result<S3Settings> ResolveS3Settings(std::string_view uri, const EnvLookup& env) {
  ECOMDW_ASSIGN_OR_RETURN(S3Settings s, ParseS3Uri(uri));
  s.region = ResolveAwsRegion(env);
  for (const char* var : {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
    auto v = env(var);
    if (!v || v->empty()) continue;
    std::string ep = *v;
    while (!ep.empty() && ep.back() == '/') ep.pop_back();
    size_t sep = ep.find("://");
    if ((ep.rfind("http://", 0) != 0 && ep.rfind("https://", 0) != 0) || sep + 3 >= ep.size() ||
        ep.find('/', sep + 3) != std::string::npos) {
      return Status::InvalidArgument("{}=\"{}\": expected http(s)://HOST[:PORT]", var, *v);
    }
    s.endpoint = ep;
    break;
  }
  if (auto style = env("ECOMDW_S3_ADDRESSING_STYLE"); style && !style->empty()) {
    if (*style == "path") {
      s.addressing = AddressingStyle::kPath;
    } else if (*style == "virtual") {
      s.addressing = AddressingStyle::kVirtual;
    } else if (*style != "auto") {
      return Status::InvalidArgument("ECOMDW_S3_ADDRESSING_STYLE=\"{}\": expected auto, path or virtual", *style);
    }
  }
  ECOMDW_ASSIGN_OR_RETURN(s.retry.max_attempts, IntFromEnv(env, "ECOMDW_S3_MAX_ATTEMPTS", 1, 100, s.retry.max_attempts));
  ECOMDW_ASSIGN_OR_RETURN(int base_ms, IntFromEnv(env, "ECOMDW_S3_RETRY_BASE_MS", 0, 60000,
                                                  static_cast<int>(s.retry.base_delay.count())));
  s.retry.base_delay = std::chrono::milliseconds(base_ms);
  ECOMDW_ASSIGN_OR_RETURN(s.stall_seconds, IntFromEnv(env, "ECOMDW_S3_STALL_SECONDS", 1, 3600, s.stall_seconds));
  ECOMDW_ASSIGN_OR_RETURN(s.max_keys, IntFromEnv(env, "ECOMDW_S3_MAX_KEYS", 1, 1000, s.max_keys));
  return s;
}

}  // namespace ecomdw::objectstore
