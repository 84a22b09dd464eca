// Money arithmetic of docs/raw_zone.md section 5, in integer cents.
//
// Every amount is a non-negative number of minor units (cents); an FX rate
// is an integer number of micro-USD per unit (the 6-decimal `usd_per_unit`
// times 1 000 000). Nothing here uses floating point, so a SQL warehouse
// following the same rules reproduces the truth to the cent.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ecomdw::generate {

// round_half_away(num / den) for num >= 0, den > 0.
int64_t DivRoundHalfAway(int64_t num, int64_t den);

// usd(x) = round_half_away(x × rate_micro / 1 000 000). REQUIRES: x >= 0.
int64_t ToUsdCents(int64_t local_cents, int64_t rate_micro);

// Local price for a USD price at a rate: round_half_away(usd × 1e6 / rate).
int64_t FromUsdCents(int64_t usd_cents, int64_t rate_micro);

// Allocates `shipping` over lines in proportion to `bases`: every line but
// the last gets floor(shipping × base / Σbase), the last the rest; all to the
// last when Σbase is 0. REQUIRES: bases non-empty, all >= 0.
std::vector<int64_t> AllocateShipping(int64_t shipping, const std::vector<int64_t>& bases);

// "1234.56" for 123456 cents; "0.05" for 5.
std::string FormatCents(int64_t cents);
// "1.234567" for 1234567 micro units.
std::string FormatMicros(int64_t micros);

}  // namespace ecomdw::generate
