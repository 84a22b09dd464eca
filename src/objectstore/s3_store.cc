#include "objectstore/s3_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "objectstore/digest.h"
#include "objectstore/file_util.h"
#include "objectstore/s3_errors.h"
#include "objectstore/s3_http.h"
#include "objectstore/s3_xml.h"

namespace ecomdw::objectstore {
namespace fs = std::filesystem;
namespace {

std::string Header(const HttpResponse& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

std::string Unquote(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

bool ToInt64(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// Where a download goes: a file descriptor or a string. Bytes arrive in
// order; Restart() drops everything received so far.
class DownloadSink {
 public:
  virtual ~DownloadSink() = default;
  virtual Status Append(std::string_view chunk) = 0;
  virtual Status Restart() = 0;
};

class StringSink final : public DownloadSink {
 public:
  Status Append(std::string_view chunk) override {
    bytes.append(chunk);
    return Status::OK();
  }
  Status Restart() override {
    bytes.clear();
    return Status::OK();
  }
  std::string bytes;
};

class FileSink final : public DownloadSink {
 public:
  FileSink(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  Status Append(std::string_view chunk) override {
    while (!chunk.empty()) {
      ssize_t n = ::write(fd_, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::IOError("write {}: {}", path_, std::strerror(errno));
      chunk.remove_prefix(static_cast<size_t>(n));
    }
    return Status::OK();
  }
  Status Restart() override {
    if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) {
      return Status::IOError("truncate {}: {}", path_, std::strerror(errno));
    }
    return Status::OK();
  }

 private:
  int fd_;
  std::string path_;
};

class S3Store final : public ObjectStore {
 public:
  S3Store(S3Settings settings, AwsCredentials creds) : s_(std::move(settings)), creds_(std::move(creds)) {
    limits_.stall_seconds = s_.stall_seconds;
    limits_.connect_timeout_seconds = s_.connect_timeout_seconds;
  }

  std::string uri() const override {
    std::string u = "s3://" + s_.bucket;
    if (!s_.root_prefix.empty()) u += "/" + s_.root_prefix.substr(0, s_.root_prefix.size() - 1);
    return u;
  }

  Result<std::vector<ObjectInfo>> List(std::string_view prefix) override {
    if (!prefix.empty() && prefix.find_first_of(std::string_view("\0", 1)) != std::string_view::npos) {
      return Status::InvalidArgument("list prefix contains a NUL byte");
    }
    std::string full_prefix = s_.root_prefix + std::string(prefix);
    std::string target = "s3://" + s_.bucket + "/" + full_prefix;
    std::vector<ObjectInfo> out;
    std::string token;
    std::set<std::string> seen_tokens;
    for (int page_no = 1;; ++page_no) {
      std::vector<std::pair<std::string, std::string>> query = {
          {"list-type", "2"}, {"encoding-type", "url"}, {"max-keys", std::to_string(s_.max_keys)}};
      if (!full_prefix.empty()) query.emplace_back("prefix", full_prefix);
      if (!token.empty()) query.emplace_back("continuation-token", token);
      HttpRequest req;
      req.url = s_.Url("", std::move(query));
      ListPage page;
      std::string what = fmt::format("ListObjectsV2 {} (page {})", target, page_no);
      ECOMDW_TRY(RetryTransient(s_.retry, what, [&](int) -> Status {
        HttpResponse resp;
        ECOMDW_TRY(Perform(req, &resp));
        if (resp.status != 200) return S3ErrorToStatus("ListObjectsV2", target, resp.status, resp.body);
        ECOMDW_ASSIGN_OR_RETURN(page, ParseListObjectsV2(resp.body));
        return Status::OK();
      }));
      for (ObjectInfo& o : page.objects) {
        if (o.key.compare(0, s_.root_prefix.size(), s_.root_prefix) != 0) {
          return Status::Corruption("{}: listing returned key \"{}\" outside the prefix", what, o.key.substr(0, 200));
        }
        o.key.erase(0, s_.root_prefix.size());
        out.push_back(std::move(o));
      }
      if (!page.is_truncated) break;
      if (!seen_tokens.insert(page.next_continuation_token).second) {
        return Status::Corruption("{}: the server repeated a continuation token; listing would never end", what);
      }
      token = std::move(page.next_continuation_token);
    }
    std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    return out;
  }

  Result<ObjectInfo> Head(std::string_view key) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    HttpRequest req;
    req.method = "HEAD";
    req.url = s_.Url(FullKey(key));
    ObjectInfo info;
    ECOMDW_TRY(RetryTransient(s_.retry, "HeadObject " + Target(key), [&](int) -> Status {
      HttpResponse resp;
      ECOMDW_TRY(Perform(req, &resp));
      if (resp.status != 200) return S3ErrorToStatus("HeadObject", Target(key), resp.status, resp.body);
      info = InfoFromHeaders(key, resp);
      if (info.size < 0) return Status::Unavailable("HeadObject {}: no Content-Length", Target(key));
      return Status::OK();
    }));
    return info;
  }

  Result<ObjectInfo> GetToFile(std::string_view key, const std::string& local_path) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    fs::path target(local_path);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return Status::IOError("mkdir {}: {}", target.parent_path().string(), ec.message());
    fs::path tmp = TemporaryNameFor(target);
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Status::IOError("create {}: {}", tmp.string(), std::strerror(errno));
    FileSink sink(fd, tmp.string());
    Result<ObjectInfo> got = Download(key, &sink);
    Status st = got.ok() ? Status::OK() : got.status();
    if (st.ok() && ::fsync(fd) != 0) st = Status::IOError("fsync {}: {}", tmp.string(), std::strerror(errno));
    if (::close(fd) != 0 && st.ok()) st = Status::IOError("close {}: {}", tmp.string(), std::strerror(errno));
    if (st.ok()) {
      fs::rename(tmp, target, ec);
      if (ec) st = Status::IOError("rename {} -> {}: {}", tmp.string(), target.string(), ec.message());
    }
    if (!st.ok()) {
      fs::remove(tmp, ec);
      return st;
    }
    return got;
  }

  Result<std::string> GetBytes(std::string_view key) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    StringSink sink;
    ECOMDW_ASSIGN_OR_RETURN(ObjectInfo info, Download(key, &sink));
    (void)info;
    return std::move(sink.bytes);
  }

  Status Put(std::string_view key, std::string_view bytes) override {
    ECOMDW_TRY(ValidateObjectKey(key));
    Digest md5(DigestKind::kMd5);
    md5.Update(bytes);
    std::string raw_md5 = md5.FinishRaw();
    std::string md5_hex = Md5Hex(bytes);
    HttpRequest req;
    req.method = "PUT";
    req.url = s_.Url(FullKey(key));
    req.body = bytes;
    req.headers.push_back("Content-MD5: " + Base64(raw_md5));
    return RetryTransient(s_.retry, "PutObject " + Target(key), [&](int) -> Status {
      HttpResponse resp;
      ECOMDW_TRY(Perform(req, &resp));
      if (resp.status != 200) return S3ErrorToStatus("PutObject", Target(key), resp.status, resp.body);
      std::string etag = Unquote(Header(resp, "etag"));
      if (IsPlainMd5Etag(etag) && etag != md5_hex) {
        return Status::Unavailable("PutObject {}: stored ETag {} is not the MD5 {} of what was sent", Target(key),
                                   etag, md5_hex);
      }
      return Status::OK();
    });
  }

 private:
  // Borrows a pooled curl handle for one request, so connections are kept
  // alive across calls and threads never share a handle.
  Status Perform(const HttpRequest& req, HttpResponse* resp) {
    std::optional<CurlEasy> easy;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!idle_.empty()) {
        easy.emplace(std::move(idle_.back()));
        idle_.pop_back();
      }
    }
    if (!easy) {
      ECOMDW_ASSIGN_OR_RETURN(CurlEasy fresh, CurlEasy::Create());
      easy.emplace(std::move(fresh));
    }
    Status st = PerformSigned(*easy, req, creds_, s_.region, limits_, resp);
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(*easy));
    return st;
  }

  std::string FullKey(std::string_view key) const { return s_.root_prefix + std::string(key); }
  std::string Target(std::string_view key) const { return "s3://" + s_.bucket + "/" + FullKey(key); }

  ObjectInfo InfoFromHeaders(std::string_view key, const HttpResponse& resp) const {
    ObjectInfo info;
    info.key = std::string(key);
    info.size = -1;
    int64_t n = 0;
    if (ToInt64(Header(resp, "content-length"), &n)) info.size = n;
    info.etag = Unquote(Header(resp, "etag"));
    std::string lm = Header(resp, "last-modified");
    if (!lm.empty()) {
      time_t t = curl_getdate(lm.c_str(), nullptr);
      if (t > 0) info.last_modified_unix = static_cast<int64_t>(t);
    }
    return info;
  }

  // Streams `key` into `sink`, resuming after a cut with a Range request on
  // the same ETag, and verifies size and MD5 before returning.
  Result<ObjectInfo> Download(std::string_view key, DownloadSink* sink) {
    std::string target = Target(key);
    std::string url = s_.Url(FullKey(key));
    ObjectInfo info;
    int64_t written = 0;
    int64_t total = -1;
    Digest md5(DigestKind::kMd5);
    auto restart = [&](Status why) -> Status {
      ECOMDW_TRY(sink->Restart());
      md5.Reset();
      written = 0;
      total = -1;
      info = ObjectInfo();
      return why;
    };
    Status st = RetryTransient(s_.retry, "GetObject " + target, [&](int) -> Status {
      bool resuming = written > 0 && !info.etag.empty() && total >= 0;
      int64_t start = resuming ? written : 0;
      if (!resuming && written > 0) ECOMDW_TRY(restart(Status::OK()));
      HttpRequest req;
      req.url = url;
      if (resuming) {
        req.headers.push_back(fmt::format("Range: bytes={}-", start));
        req.headers.push_back("If-Match: \"" + info.etag + "\"");
      }
      req.body_sink = [&](std::string_view chunk) -> Status {
        ECOMDW_TRY(sink->Append(chunk));
        md5.Update(chunk);
        written += static_cast<int64_t>(chunk.size());
        return Status::OK();
      };
      HttpResponse resp;
      Status transport = Perform(req, &resp);
      if (resp.status == 200 && resuming) {
        return restart(Status::Unavailable("GetObject {}: server ignored the Range request; starting over", target));
      }
      if (resp.status == 200 && total < 0) {
        info = InfoFromHeaders(key, resp);
        total = info.size;
      } else if (resp.status == 206) {
        std::string range = Header(resp, "content-range");  // bytes START-END/TOTAL
        int64_t range_start = -1;
        int64_t range_total = -1;
        size_t dash = range.find('-');
        size_t slash = range.find('/');
        if (range.rfind("bytes ", 0) != 0 || dash == std::string::npos || slash == std::string::npos ||
            !ToInt64(std::string_view(range).substr(6, dash - 6), &range_start) ||
            !ToInt64(std::string_view(range).substr(slash + 1), &range_total) || range_start != start ||
            range_total != total) {
          return restart(Status::Unavailable("GetObject {}: unexpected Content-Range \"{}\"; starting over", target,
                                             range));
        }
      }
      if (!transport.ok()) return transport;  // Unavailable keeps what arrived, for a resume
      if (resp.status == 412 || (resp.status == 416 && written != total)) {
        return restart(Status::Unavailable("GetObject {}: the object changed during the download; starting over",
                                           target));
      }
      if (resp.status != 200 && resp.status != 206 && resp.status != 416) {
        Status err = S3ErrorToStatus("GetObject", target, resp.status, resp.body);
        return err.IsUnavailable() ? err : restart(err);
      }
      if (total < 0) return restart(Status::Unavailable("GetObject {}: no Content-Length", target));
      if (written != total) {
        return Status::Unavailable("GetObject {}: truncated body ({} of {} bytes)", target, written, total);
      }
      if (IsPlainMd5Etag(info.etag)) {
        std::string got = md5.FinishHex();
        if (got != info.etag) {
          return restart(Status::Unavailable("GetObject {}: MD5 of the body {} does not match the ETag {}", target,
                                             got, info.etag));
        }
      }
      return Status::OK();
    });
    if (!st.ok()) return st;
    return info;
  }

  S3Settings s_;
  AwsCredentials creds_;
  TransferLimits limits_;
  std::mutex mu_;
  std::vector<CurlEasy> idle_;
};

}  // namespace

std::unique_ptr<ObjectStore> OpenS3Store(S3Settings settings, AwsCredentials credentials) {
  return std::make_unique<S3Store>(std::move(settings), std::move(credentials));
}

Result<std::unique_ptr<ObjectStore>> OpenS3Store(std::string_view uri, const EnvLookup& env) {
  ECOMDW_ASSIGN_OR_RETURN(S3Settings settings, ResolveS3Settings(uri, env));
  ECOMDW_ASSIGN_OR_RETURN(AwsCredentials creds, LoadAwsCredentials(env));
  return OpenS3Store(std::move(settings), std::move(creds));
}

}  // namespace ecomdw::objectstore
