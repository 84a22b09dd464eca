#include "objectstore/s3_errors.h"

#include <string>

#include "objectstore/s3_xml.h"

namespace ecomdw::objectstore {
namespace {

// A HEAD response has no body: name the error after the status as S3 would.
std::string CodeFromStatus(long http_status) {
  switch (http_status) {
    case 301: return "PermanentRedirect";
    case 400: return "BadRequest";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 412: return "PreconditionFailed";
    case 500: return "InternalError";
    case 503: return "ServiceUnavailable";
    default: return "HTTP" + std::to_string(http_status);
  }
}

}  // namespace

Status S3ErrorToStatus(std::string_view op, std::string_view target, long http_status, std::string_view body) {
  S3ErrorBody err = ParseS3Error(body);
  if (err.code.empty()) err.code = CodeFromStatus(http_status);
  std::string detail = err.message.empty() ? "" : ": " + err.message;
  auto is = [&](std::string_view c) { return err.code == c; };

  if (is("NoSuchKey") || is("NotFound")) {
    return Status::NotFound("{} {}: no such object (S3 {} HTTP {})", op, target, err.code, http_status);
  }
  if (is("NoSuchBucket")) {
    return Status::NotFound("{} {}: the bucket does not exist (S3 NoSuchBucket HTTP {})", op, target, http_status);
  }
  if (is("SignatureDoesNotMatch")) {
    return Status::InvalidArgument(
        "{} {}: S3 SignatureDoesNotMatch (HTTP {}): the secret access key does not match the access key id; check "
        "AWS_SECRET_ACCESS_KEY or the profile's aws_secret_access_key{}",
        op, target, http_status, detail);
  }
  if (is("InvalidAccessKeyId")) {
    return Status::InvalidArgument("{} {}: S3 InvalidAccessKeyId (HTTP {}): the access key id is unknown{}", op,
                                   target, http_status, detail);
  }
  if (is("AccessDenied") || is("Forbidden") || is("AllAccessDisabled")) {
    return Status::InvalidArgument(
        "{} {}: S3 {} (HTTP {}): the credentials' IAM policy does not allow s3:{} here{}", op, target, err.code,
        http_status, op == "ListObjectsV2" ? "ListBucket" : op == "HeadObject" ? "GetObject" : std::string(op),
        detail);
  }
  if (is("ExpiredToken") || is("InvalidToken") || is("TokenRefreshRequired")) {
    return Status::InvalidArgument("{} {}: S3 {} (HTTP {}): the session token is expired or invalid{}", op,
                                   target, err.code, http_status, detail);
  }
  if (is("AuthorizationHeaderMalformed") || is("PermanentRedirect") || is("IllegalLocationConstraintException")) {
    return Status::InvalidArgument("{} {}: S3 {} (HTTP {}): wrong region? set AWS_REGION to the bucket's region{}",
                                   op, target, err.code, http_status, detail);
  }
  if (is("SlowDown") || is("InternalError") || is("ServiceUnavailable") || is("RequestTimeout") ||
      http_status >= 500) {
    return Status::Unavailable("{} {}: S3 {} (HTTP {}){}", op, target, err.code, http_status, detail);
  }
  return Status::IOError("{} {}: S3 {} (HTTP {}){}", op, target, err.code, http_status, detail);
}

}  // namespace ecomdw::objectstore
