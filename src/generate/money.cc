#include "generate/money.h"

#include <fmt/format.h>

namespace ecomdw::generate {

int64_t DivRoundHalfAway(int64_t num, int64_t den) { return (num * 2 + den) / (den * 2); }

int64_t ToUsdCents(int64_t local_cents, int64_t rate_micro) {
  __int128 p = static_cast<__int128>(local_cents) * rate_micro;
  return static_cast<int64_t>((p + 500000) / 1000000);
}

int64_t FromUsdCents(int64_t usd_cents, int64_t rate_micro) {
  __int128 num = static_cast<__int128>(usd_cents) * 1000000 * 2 + rate_micro;
  return static_cast<int64_t>(num / (static_cast<__int128>(rate_micro) * 2));
}

std::vector<int64_t> AllocateShipping(int64_t shipping, const std::vector<int64_t>& bases) {
  std::vector<int64_t> out(bases.size(), 0);
  __int128 total = 0;
  for (int64_t b : bases) total += b;
  int64_t given = 0;
  if (total > 0) {
    for (size_t i = 0; i + 1 < bases.size(); ++i) {
      out[i] = static_cast<int64_t>(static_cast<__int128>(shipping) * bases[i] / total);
      given += out[i];
    }
  }
  out.back() = shipping - given;
  return out;
}

std::string FormatCents(int64_t cents) {
  const char* sign = cents < 0 ? "-" : "";
  int64_t a = cents < 0 ? -cents : cents;
  return fmt::format("{}{}.{:02d}", sign, a / 100, a % 100);
}

std::string FormatMicros(int64_t micros) {
  return fmt::format("{}.{:06d}", micros / 1000000, micros % 1000000);
}

}  // namespace ecomdw::generate
