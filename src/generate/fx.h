// Daily FX rates to USD for the 10 order currencies: a mean-reverting random
// walk, one step per day from its own stream, kept for every generated day.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "generate/reference_data.h"

namespace ecomdw::generate {

class FxModel {
 public:
  explicit FxModel(uint64_t seed) : seed_(seed) {}
  // REQUIRES: d = 0, 1, 2 … in order.
  void AdvanceDay(int32_t d);
  // USD per unit × 1e6 of currency `c` on day index d. REQUIRES: d advanced.
  int64_t RateMicro(int32_t d, int c) const { return rates_[static_cast<size_t>(d)][static_cast<size_t>(c)]; }

 private:
  uint64_t seed_;
  std::array<double, kCurrencyCount> log_dev_{};  // log deviation from the base rate
  std::vector<std::array<int64_t, kCurrencyCount>> rates_;
};

}  // namespace ecomdw::generate
