// ObjectStore: the bucket of raw exports, as one interface over a local
// folder (file://) and S3 (s3://).
//
// Keys are untrusted input: every implementation refuses keys that
// ValidateObjectKey() rejects, so nothing is ever read or written outside the
// bucket root or the caller's landing area. Implementations are safe to use
// from several threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace ecomdw::objectstore {

struct ObjectInfo {
  std::string key;
  int64_t size = 0;
  // Changes whenever the content changes. On S3 the ETag (a plain MD5 hex
  // digest for single-part uploads, quotes stripped); on a local folder
  // "<size>-<mtime in ns>".
  std::string etag;
  int64_t last_modified_unix = 0;
  // Non-empty when the store lists this entry but will not serve it, and
  // why (a local symbolic link that leaves the bucket, a FIFO, …). Callers
  // record such entries as refused; Get* on them fails the same way.
  std::string refused;
};

// OK for a relative key of printable bytes: no empty, "." or ".." segment, no
// leading "/", no backslash, no NUL or control byte, well-formed UTF-8 (as
// S3 keys are), at most 1024 bytes.
// Otherwise InvalidArgument naming the key (escaped).
Status ValidateObjectKey(std::string_view key);

// `key` fit for a message: control bytes as \xNN, at most 200 bytes.
std::string PrintableKey(std::string_view key);

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // The bucket URI this store was opened on, e.g. "file:///data/raw" or
  // "s3://ecommerce-raw-data".
  virtual std::string uri() const = 0;

  // Every object whose key starts with `prefix`, in lexicographic key order,
  // all pages read.
  virtual Result<std::vector<ObjectInfo>> List(std::string_view prefix) = 0;

  // NotFound when there is no such object.
  virtual Result<ObjectInfo> Head(std::string_view key) = 0;

  // Downloads `key` to `local_path` (written to a temporary name beside it,
  // verified, then renamed), so a partial object never appears at
  // `local_path`. Returns the info of the version that was read.
  virtual Result<ObjectInfo> GetToFile(std::string_view key, const std::string& local_path) = 0;

  // Reads the whole object into memory. For small objects and tests.
  virtual Result<std::string> GetBytes(std::string_view key) = 0;

  // Creates or replaces `key`. Readers see the old or the new content, never
  // a partial one.
  virtual Status Put(std::string_view key, std::string_view bytes) = 0;
};

// Opens the store for `uri`: "file:///abs/path", "file://relative/path" or
// "s3://bucket[/prefix]". InvalidArgument for any other scheme.
Result<std::unique_ptr<ObjectStore>> OpenObjectStore(std::string_view uri);

}  // namespace ecomdw::objectstore
