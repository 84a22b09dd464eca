#include "generate/rng.h"

#include <algorithm>
#include <cmath>

namespace ecomdw::generate {
namespace {

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t Hash(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  uint64_t h = SplitMix(a);
  h = SplitMix(h ^ b);
  h = SplitMix(h ^ c);
  return SplitMix(h ^ d);
}

Rng::Rng(uint64_t seed, Stream stream, int64_t day, uint64_t salt) {
  uint64_t x = Hash(seed, static_cast<uint64_t>(stream), static_cast<uint64_t>(day), salt);
  for (uint64_t& s : s_) {
    x = SplitMix(x);
    s = x;
  }
}

uint64_t Rng::Next() {
  uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::Uniform() { return HashUnit(Next()); }

int64_t Rng::Range(int64_t lo, int64_t hi) {
  uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  if (span == 0) return static_cast<int64_t>(Next());
  unsigned __int128 m = static_cast<unsigned __int128>(Next()) * span;
  return lo + static_cast<int64_t>(m >> 64);
}

double Rng::Normal() {
  double u1 = 1.0 - Uniform();  // (0, 1]
  double u2 = Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

int64_t Rng::Poisson(double lambda) {
  if (lambda <= 0) return 0;
  if (lambda > 60) {
    double v = std::round(lambda + std::sqrt(lambda) * Normal());
    return v < 0 ? 0 : static_cast<int64_t>(v);
  }
  double limit = std::exp(-lambda);
  double p = 1.0;
  int64_t k = 0;
  do {
    ++k;
    p *= Uniform();
  } while (p > limit);
  return k - 1;
}

size_t Rng::Weighted(const double* w, size_t n) {
  double total = 0;
  for (size_t i = 0; i < n; ++i) total += w[i];
  double u = Uniform() * total;
  for (size_t i = 0; i < n; ++i) {
    if (u < w[i]) return i;
    u -= w[i];
  }
  return n - 1;
}

CdfPicker::CdfPicker(const std::vector<double>& weights) {
  cdf_.reserve(weights.size());
  double total = 0;
  for (double w : weights) {
    total += w;
    cdf_.push_back(total);
  }
}

size_t CdfPicker::Pick(Rng& rng) const {
  double u = rng.Uniform() * cdf_.back();
  auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
  size_t i = static_cast<size_t>(it - cdf_.begin());
  return i < cdf_.size() ? i : cdf_.size() - 1;
}

}  // namespace ecomdw::generate
