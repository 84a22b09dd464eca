// Streaming MD5 and SHA-256 digests (OpenSSL EVP), as lowercase hex.
//
// For verifying downloads against an S3 ETag, for the x-amz-content-sha256
// header of signed requests, and for the sha256 column of the ingest ledger.
// Not for passwords or anything secret.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ecomdw::objectstore {

enum class DigestKind { kMd5, kSha256 };

// Incremental digest. Move-only owner of an EVP_MD_CTX. Not thread safe.
class Digest {
 public:
  explicit Digest(DigestKind kind);
  ~Digest();
  Digest(Digest&&) noexcept;
  Digest& operator=(Digest&&) noexcept;
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;

  void Update(std::string_view bytes);
  // Lowercase hex of everything updated since construction or Reset().
  // The digest is reset afterwards.
  std::string FinishHex();
  // Raw bytes instead of hex (16 for MD5, 32 for SHA-256); resets likewise.
  std::string FinishRaw();
  void Reset();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string Sha256Hex(std::string_view bytes);
std::string Md5Hex(std::string_view bytes);
std::string Base64(std::string_view bytes);

// SHA-256 of a file's content, streamed. IOError naming the path.
Result<std::string> Sha256OfFile(const std::filesystem::path& path);

// True for a plain MD5 ETag: exactly 32 lowercase or uppercase hex digits
// (multipart and SSE-KMS ETags are not MD5s of the body).
bool IsPlainMd5Etag(std::string_view etag);

}  // namespace ecomdw::objectstore
