// Deterministic random numbers for the generator.
//
// Every random decision is drawn from a stream named by (seed, stream, day):
// a day's customers, orders or defects never depend on how many days were
// generated before or after, which is what makes `--append-day` equal to a
// longer run. Per-entity attributes that must be stable for the life of the
// entity (a customer's name, a campaign's channel) come from Hash() instead.
// Not cryptographic; not thread safe (one Rng per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ecomdw::generate {

// Named random streams. Never renumber: the numbers are part of the output.
enum class Stream : uint64_t {
  kCustomers = 1,
  kProducts = 2,
  kFx = 3,
  kOrderCount = 4,
  kOrders = 5,
  kWebshopEmit = 6,
  kMarketplaceEmit = 7,
  kCrmEmit = 8,
  kPimEmit = 9,
  kSpend = 10,
  kObjects = 11,
};

// A stateless 64-bit mix of up to four words (splitmix64 finaliser chain).
uint64_t Hash(uint64_t a, uint64_t b = 0, uint64_t c = 0, uint64_t d = 0);

// Uniform double in [0, 1) from a hash.
inline double HashUnit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

// xoshiro256** seeded from Hash(seed, stream, day, salt).
class Rng {
 public:
  Rng(uint64_t seed, Stream stream, int64_t day, uint64_t salt = 0);

  uint64_t Next();
  double Uniform();  // [0, 1)
  // Uniform integer in [lo, hi]. REQUIRES: lo <= hi.
  int64_t Range(int64_t lo, int64_t hi);
  bool Chance(double p) { return Uniform() < p; }
  double Normal();  // standard normal (Box-Muller)
  // Poisson(lambda); normal approximation above 60.
  int64_t Poisson(double lambda);
  // Index i with probability w[i] / sum(w). REQUIRES: n > 0, sum > 0.
  size_t Weighted(const double* w, size_t n);

 private:
  uint64_t s_[4];
};

// Draws indices from a fixed discrete distribution in O(log n).
class CdfPicker {
 public:
  CdfPicker() = default;
  explicit CdfPicker(const std::vector<double>& weights);
  size_t Pick(Rng& rng) const;
  size_t size() const { return cdf_.size(); }

 private:
  std::vector<double> cdf_;
};

}  // namespace ecomdw::generate
