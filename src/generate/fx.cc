#include "generate/fx.h"

#include <cmath>

#include "generate/rng.h"

namespace ecomdw::generate {

void FxModel::AdvanceDay(int32_t d) {
  Rng rng(seed_, Stream::kFx, d);
  std::array<int64_t, kCurrencyCount> today{};
  for (int c = 0; c < kCurrencyCount; ++c) {
    double step = rng.Normal() * 0.004;
    if (c == 0) {
      today[0] = 1000000;
      continue;
    }
    log_dev_[c] = log_dev_[c] * 0.99 + step;
    today[c] = std::llround(static_cast<double>(kCurrencies[c].base_rate_micro) * std::exp(log_dev_[c]));
  }
  rates_.push_back(today);
}

}  // namespace ecomdw::generate
