// One signed HTTP exchange with S3 over libcurl, and the RAII owners of the
// curl handles. Private to objectstore/: CURL* never leaves this folder.
//
// Requests are signed by libcurl (CURLOPT_AWS_SIGV4, "aws:amz:REGION:s3").
// libcurl 7.88 does not add the x-amz-content-sha256 header S3 requires, so
// PerformSigned() adds it (SHA-256 of the body) and curl signs it.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "objectstore/aws_credentials.h"

namespace ecomdw::objectstore {

// Owner of one curl easy handle (and so of its connection cache). Move-only.
class CurlEasy {
 public:
  // IOError when libcurl cannot allocate a handle.
  static Result<CurlEasy> Create();
  ~CurlEasy();
  CurlEasy(CurlEasy&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
  CurlEasy& operator=(CurlEasy&& other) noexcept;
  CurlEasy(const CurlEasy&) = delete;
  CurlEasy& operator=(const CurlEasy&) = delete;
  CURL* get() const { return handle_; }

 private:
  explicit CurlEasy(CURL* h) : handle_(h) {}
  CURL* handle_;
};

// Owner of a curl_slist of request headers. Move-only.
class CurlHeaderList {
 public:
  CurlHeaderList() = default;
  ~CurlHeaderList() { curl_slist_free_all(list_); }
  CurlHeaderList(CurlHeaderList&& o) noexcept : list_(o.list_) { o.list_ = nullptr; }
  CurlHeaderList(const CurlHeaderList&) = delete;
  CurlHeaderList& operator=(const CurlHeaderList&) = delete;
  CurlHeaderList& operator=(CurlHeaderList&&) = delete;
  // false when libcurl could not allocate.
  bool Append(const std::string& header);
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

struct HttpRequest {
  std::string method = "GET";   // GET, HEAD or PUT
  std::string url;              // as built by S3Settings::Url (already canonical)
  std::vector<std::string> headers;  // extra "Name: value" lines
  std::string_view body;        // PUT only; must outlive the call
  // When set, a 2xx response body is streamed here instead of kept in
  // HttpResponse::body; a non-OK Status aborts the transfer and is returned.
  std::function<Status(std::string_view chunk)> body_sink;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;  // error bodies always (first 1 MiB), 2xx bodies without a sink
  int64_t sink_bytes = 0;
};

struct TransferLimits {
  int stall_seconds = 20;
  int connect_timeout_seconds = 10;
};

// Performs `request`, signed for `region`, filling `*response` as far as
// the exchange got (status and headers survive a body cut short). An HTTP
// error status is not a failed Status here: the caller maps S3's error
// codes. Failed Status: Unavailable for transient transport failures
// (refused or reset connection, stall, truncated body), IOError for
// anything else, or the body sink's own Status.
Status PerformSigned(CurlEasy& easy, const HttpRequest& request, const AwsCredentials& creds,
                     const std::string& region, const TransferLimits& limits, HttpResponse* response);

}  // namespace ecomdw::objectstore
