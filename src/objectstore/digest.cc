#include "objectstore/digest.h"

#include <openssl/evp.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace ecomdw::objectstore {

struct Digest::Impl {
  const EVP_MD* md = nullptr;
  EVP_MD_CTX* ctx = nullptr;
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

namespace {
void InitOrDie(EVP_MD_CTX* ctx, const EVP_MD* md) {
  // Failing to initialise a built-in digest means OpenSSL itself is broken.
  if (ctx == nullptr || EVP_DigestInit_ex(ctx, md, nullptr) != 1) {
    std::fprintf(stderr, "ecomdw: OpenSSL digest initialisation failed\n");
    std::abort();
  }
}
}  // namespace

Digest::Digest(DigestKind kind) : impl_(std::make_unique<Impl>()) {
  impl_->md = kind == DigestKind::kMd5 ? EVP_md5() : EVP_sha256();
  impl_->ctx = EVP_MD_CTX_new();
  InitOrDie(impl_->ctx, impl_->md);
}
Digest::~Digest() = default;
Digest::Digest(Digest&&) noexcept = default;
Digest& Digest::operator=(Digest&&) noexcept = default;

void Digest::Update(std::string_view bytes) { EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size()); }

std::string Digest::FinishRaw() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, out, &len);
  InitOrDie(impl_->ctx, impl_->md);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Digest::FinishHex() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string raw = FinishRaw();
  std::string hex;
  hex.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

void Digest::Reset() { InitOrDie(impl_->ctx, impl_->md); }

std::string Sha256Hex(std::string_view bytes) {
  Digest d(DigestKind::kSha256);
  d.Update(bytes);
  return d.FinishHex();
}

std::string Md5Hex(std::string_view bytes) {
  Digest d(DigestKind::kMd5);
  d.Update(bytes);
  return d.FinishHex();
}

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

Result<std::string> Sha256OfFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("open {}: {}", path.string(), std::strerror(errno));
  Digest d(DigestKind::kSha256);
  std::string buf(1 << 20, '\0');
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    d.Update(std::string_view(buf.data(), static_cast<size_t>(in.gcount())));
  }
  if (in.bad()) return Status::IOError("read {}: {}", path.string(), std::strerror(errno));
  return d.FinishHex();
}

bool IsPlainMd5Etag(std::string_view etag) {
  if (etag.size() != 32) return false;
  for (unsigned char c : etag) {
    if (!std::isxdigit(c)) return false;
  }
  return true;
}

}  // namespace ecomdw::objectstore
