#include "generate/options.h"

#include <algorithm>
#include <cmath>

namespace ecomdw::generate {

Result<DefectProfile> ParseDefectProfile(const std::string& text) {
  if (text == "none") return DefectProfile::kNone;
  if (text == "default") return DefectProfile::kDefault;
  if (text == "heavy") return DefectProfile::kHeavy;
  return Status::InvalidArgument("--defects \"{}\": expected none, default or heavy", text);
}

std::string_view DefectProfileName(DefectProfile p) {
  switch (p) {
    case DefectProfile::kNone: return "none";
    case DefectProfile::kDefault: return "default";
    case DefectProfile::kHeavy: return "heavy";
  }
  return "?";
}

DefectRates RatesFor(DefectProfile p) {
  DefectRates r;
  if (p == DefectProfile::kNone) return r;
  double k = p == DefectProfile::kHeavy ? 5.0 : 1.0;
  r.duplicate = 0.005 * k;
  r.resent = 0.005 * k;
  r.malformed = 0.002 * k;
  r.missing_required = 0.002 * k;
  r.invalid_email = 0.003 * k;
  r.invalid_country = 0.003 * k;
  r.unknown_currency = 0.001 * k;
  r.late_arrival = 0.01 * k;
  r.late_customer = 0.01 * k;
  r.late_product = 0.02 * k;
  // Per source and day, so higher than the per-record rates.
  r.empty_object = p == DefectProfile::kHeavy ? 0.10 : 0.02;
  r.zero_byte_object = p == DefectProfile::kHeavy ? 0.08 : 0.01;
  r.drift = true;
  return r;
}

ScaleCounts::ScaleCounts(double scale)
    : initial_customers(std::max<int64_t>(50, std::llround(100000 * scale))),
      customers_per_730d(std::llround(150000 * scale)),
      initial_products(std::max<int64_t>(800, std::llround(16000 * scale))),
      products_per_730d(std::max<int64_t>(200, std::llround(4000 * scale))),
      orders_per_day(1000000.0 * scale / 730.0) {}

int64_t ScaleCounts::CustomersAt(int32_t d) const {
  return initial_customers + customers_per_730d * d / 730;
}

int64_t ScaleCounts::ProductsAt(int32_t d) const {
  return initial_products + products_per_730d * d / 730;
}

}  // namespace ecomdw::generate
