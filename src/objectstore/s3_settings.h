// Where and how the s3:// store talks to S3: bucket, root prefix, endpoint,
// region, addressing style, limits; and the URLs it builds.
//
// Resolved once from the bucket URI and the environment:
//   AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL   custom endpoint (S3-compatible server)
//   AWS_REGION, AWS_DEFAULT_REGION, profile      region (default us-east-1)
//   ECOMDW_S3_ADDRESSING_STYLE=auto|path|virtual auto: virtual-host on AWS,
//                                                path-style on a custom endpoint
//   ECOMDW_S3_MAX_ATTEMPTS, ECOMDW_S3_RETRY_BASE_MS, ECOMDW_S3_STALL_SECONDS,
//   ECOMDW_S3_MAX_KEYS                           retry budget, stall detection and
//                                                page size (tests turn these down)
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "objectstore/aws_credentials.h"
#include "objectstore/retry.h"

namespace ecomdw::objectstore {

enum class AddressingStyle { kAuto, kPath, kVirtual };

struct S3Settings {
  std::string bucket;
  std::string root_prefix;  // "" or ends with '/'; keys of the interface are relative to it
  std::string region = "us-east-1";
  std::string endpoint;     // "scheme://host[:port]" without a trailing '/'; empty: AWS
  AddressingStyle addressing = AddressingStyle::kAuto;
  int max_keys = 1000;      // ListObjectsV2 page size, 1..1000
  RetryPolicy retry;
  int stall_seconds = 20;   // a transfer below 1 KiB/s this long is a stall
  int connect_timeout_seconds = 10;

  // The bucket as written in messages: "s3://bucket/prefix/".
  std::string Describe() const;
  // The URL of `full_key` (root prefix included), or of the bucket when
  // `full_key` is empty, with `query` appended in canonical SigV4 order
  // (sorted by name, values URI-encoded). The path is URI-encoded as S3
  // signs it: every byte but A-Z a-z 0-9 - . _ ~ and '/' escaped.
  std::string Url(std::string_view full_key, std::vector<std::pair<std::string, std::string>> query = {}) const;
  bool UsesVirtualHost() const;
};

// AWS URI encoding (RFC 3986 unreserved kept, uppercase %XX otherwise).
std::string AwsUriEncode(std::string_view s, bool keep_slash);
// Inverse of percent-encoding; '+' is kept as is. InvalidArgument on a bad escape.
Result<std::string> PercentDecode(std::string_view s);

// "s3://bucket[/prefix]" → bucket and root prefix. InvalidArgument for an
// invalid bucket name (3..63 of a-z 0-9 . -, starting and ending alphanumeric)
// or a prefix that ValidateObjectKey refuses.
Result<S3Settings> ParseS3Uri(std::string_view uri);

// ParseS3Uri plus everything the environment says (see above).
Result<S3Settings> ResolveS3Settings(std::string_view uri, const EnvLookup& env);

}  // namespace ecomdw::objectstore
