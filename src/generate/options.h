// The arguments of `ecomdw generate` and what they imply: entity counts per
// scale factor and defect rates per profile (docs/raw_zone.md sections 2, 6).
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"

namespace ecomdw::generate {

enum class DefectProfile { kNone, kDefault, kHeavy };
Result<DefectProfile> ParseDefectProfile(const std::string& text);
std::string_view DefectProfileName(DefectProfile p);

// Probabilities (0..1) of each injected defect; see docs/raw_zone.md 6.
struct DefectRates {
  double duplicate = 0;
  double resent = 0;
  double malformed = 0;
  double missing_required = 0;
  double invalid_email = 0;
  double invalid_country = 0;
  double unknown_currency = 0;
  double late_arrival = 0;       // per order
  double late_customer = 0;      // per new customer: CRM row 1–3 days late
  double late_product = 0;       // per new product: PIM row 1–3 days late
  double empty_object = 0;       // per source and day
  double zero_byte_object = 0;   // per source and day
  bool drift = false;
};
DefectRates RatesFor(DefectProfile p);

struct GenerateOptions {
  double scale = 1.0;
  uint64_t seed = 42;
  int32_t start_day = 0;  // days since epoch of day index 0
  int32_t days = 730;     // number of days in the raw zone after this run
  DefectProfile defects = DefectProfile::kDefault;
  int32_t drift_add_day = 240;
  int32_t drift_rename_day = 480;
  std::string bucket_uri;
  std::string truth_dir;
  // Days [0, first_output_day) already exist in the bucket (append mode):
  // their objects are not written again.
  int32_t first_output_day = 0;
};

// How big the world is at a scale factor. Counts grow linearly with the day
// index, so they never depend on the run's length.
struct ScaleCounts {
  int64_t initial_customers;   // in the CRM full export of day 0
  int64_t customers_per_730d;  // signups over 730 days
  int64_t initial_products;
  int64_t products_per_730d;
  double orders_per_day;       // before demand factors
  explicit ScaleCounts(double scale);
  // Customers (products) that exist at the end of day index d (d >= 0).
  int64_t CustomersAt(int32_t d) const;
  int64_t ProductsAt(int32_t d) const;
};

// Orders' life cycles and late arrivals end within this many days of the
// order date; append mode regenerates this window.
inline constexpr int32_t kOrderWindowDays = 50;

}  // namespace ecomdw::generate
