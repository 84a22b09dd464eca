#include "objectstore/s3_http.h"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "objectstore/digest.h"

namespace ecomdw::objectstore {
namespace {

constexpr size_t kMaxErrorBody = 1 << 20;
constexpr long kStallBytesPerSecond = 1024;

void EnsureCurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Exchange {
  CURL* easy = nullptr;
  const HttpRequest* request = nullptr;
  HttpResponse response;
  Status sink_status;
  size_t upload_offset = 0;
};

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    ex->response.headers.clear();  // a new response (after 100 Continue or a redirect)
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  ex->response.headers[name] = std::string(value);
  return size * n;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  std::string_view chunk(data, size * n);
  long code = 0;
  curl_easy_getinfo(ex->easy, CURLINFO_RESPONSE_CODE, &code);
  if (code >= 200 && code < 300 && ex->request->body_sink) {
    ex->sink_status = ex->request->body_sink(chunk);
    if (!ex->sink_status.ok()) return 0;  // aborts with CURLE_WRITE_ERROR
    ex->response.sink_bytes += static_cast<int64_t>(chunk.size());
    return chunk.size();
  }
  bool is_error = code >= 300;
  if (!is_error || ex->response.body.size() < kMaxErrorBody) ex->response.body.append(chunk);
  return chunk.size();
}

size_t OnUpload(char* buffer, size_t size, size_t n, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  std::string_view body = ex->request->body;
  size_t len = std::min(size * n, body.size() - ex->upload_offset);
  std::copy_n(body.data() + ex->upload_offset, len, buffer);
  ex->upload_offset += len;
  return len;
}

int OnSeek(void* user, curl_off_t offset, int origin) {
  auto* ex = static_cast<Exchange*>(user);
  if (origin != SEEK_SET || offset < 0 || static_cast<size_t>(offset) > ex->request->body.size())
    return CURL_SEEKFUNC_FAIL;
  ex->upload_offset = static_cast<size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

Status TransportError(CURLcode code, const char* detail, const HttpRequest& req, const TransferLimits& limits) {
  std::string what = fmt::format("{} {}", req.method, req.url);
  std::string msg = detail[0] != '\0' ? detail : curl_easy_strerror(code);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return Status::Unavailable("{}: stalled (under {} bytes/s for {}s): {}", what, kStallBytesPerSecond,
                                 limits.stall_seconds, msg);
    case CURLE_PARTIAL_FILE:
      return Status::Unavailable("{}: truncated body: {}", what, msg);
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
      return Status::Unavailable("{}: connection failed: {}", what, msg);
    case CURLE_COULDNT_RESOLVE_HOST:
      return Status::IOError("{}: cannot resolve host (check AWS_ENDPOINT_URL_S3 / the region): {}", what, msg);
    default:
      return Status::IOError("{}: {}", what, msg);
  }
}

}  // namespace

Result<CurlEasy> CurlEasy::Create() {
  EnsureCurlGlobalInit();
  CURL* h = curl_easy_init();
  if (h == nullptr) return Status::IOError("curl_easy_init failed");
  return CurlEasy(h);
}

CurlEasy::~CurlEasy() {
  if (handle_ != nullptr) curl_easy_cleanup(handle_);
}

CurlEasy& CurlEasy::operator=(CurlEasy&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) curl_easy_cleanup(handle_);
    handle_ = other.handle_;
    other.handle_ = nullptr;
  }
  return *this;
}

bool CurlHeaderList::Append(const std::string& header) {
  curl_slist* next = curl_slist_append(list_, header.c_str());
  if (next == nullptr) return false;
  list_ = next;
  return true;
}

Status PerformSigned(CurlEasy& easy, const HttpRequest& request, const AwsCredentials& creds,
                     const std::string& region, const TransferLimits& limits, HttpResponse* response) {
  CURL* h = easy.get();
  curl_easy_reset(h);  // keeps the connection cache, drops the last request's options
  Exchange ex;
  ex.easy = h;
  ex.request = &request;

  CurlHeaderList headers;
  bool ok = headers.Append("x-amz-content-sha256: " + Sha256Hex(request.body));
  if (!creds.session_token.empty()) ok = ok && headers.Append("x-amz-security-token: " + creds.session_token);
  for (const std::string& hdr : request.headers) ok = ok && headers.Append(hdr);
  if (request.method == "PUT") {
    // No "Expect:" override: curl 7.88 would sign the empty header it then
    // leaves out, and the server's signature would not match.
    ok = ok && headers.Append("Content-Type: application/octet-stream");
  }
  if (!ok) return Status::IOError("{} {}: out of memory building headers", request.method, request.url);

  std::string sigv4 = "aws:amz:" + region + ":s3";
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(h, CURLOPT_USERNAME, creds.access_key_id.c_str());
  curl_easy_setopt(h, CURLOPT_PASSWORD, creds.secret_access_key.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(limits.connect_timeout_seconds));
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, kStallBytesPerSecond);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(limits.stall_seconds));
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &ex);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &ex);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT") {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &OnUpload);
    curl_easy_setopt(h, CURLOPT_READDATA, &ex);
    curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, &OnSeek);
    curl_easy_setopt(h, CURLOPT_SEEKDATA, &ex);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    return Status::Internal("unsupported HTTP method {}", request.method);
  }

  CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ex.response.status);
  *response = std::move(ex.response);
  if (rc == CURLE_WRITE_ERROR && !ex.sink_status.ok()) return ex.sink_status;
  if (rc != CURLE_OK) return TransportError(rc, errbuf, request, limits);
  return Status::OK();
}

}  // namespace ecomdw::objectstore
