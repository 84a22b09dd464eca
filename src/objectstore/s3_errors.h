// S3 error responses as ecomdw Status codes, with messages that name the
// operation, bucket, key and S3's own error code.
//
//   NoSuchKey, NoSuchBucket, 404                        NotFound
//   SignatureDoesNotMatch, InvalidAccessKeyId,
//   AccessDenied, ExpiredToken, InvalidToken,
//   AuthorizationHeaderMalformed, PermanentRedirect    InvalidArgument (fix the
//                                                      credentials, policy or region)
//   SlowDown, InternalError, ServiceUnavailable,
//   RequestTimeout, any 5xx                             Unavailable (retried)
//   anything else                                       IOError
#pragma once

#include <string_view>

#include "common/status.h"

namespace ecomdw::objectstore {

// `op` e.g. "PutObject", `target` e.g. "s3://bucket/key", `body` the error
// document (may be empty, e.g. for HEAD). REQUIRES: http_status >= 300.
Status S3ErrorToStatus(std::string_view op, std::string_view target, long http_status, std::string_view body);

}  // namespace ecomdw::objectstore
