#include "generate/products.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "generate/calendar.h"
#include "generate/reference_data.h"

namespace ecomdw::generate {
namespace {

constexpr double kChangesPer730d = 1.2;

// A price ending in .99, at least 1.99.
int64_t Charm(double cents) {
  int64_t whole = std::llround(cents / 100.0);
  return std::max<int64_t>(199, whole * 100 - 1);
}

}  // namespace

ProductModel::ProductModel(const GenerateOptions& options, const ScaleCounts& counts)
    : options_(options), counts_(counts), rates_(RatesFor(options.defects)) {}

std::string ProductModel::Sku(uint32_t id) const { return fmt::format("SKU-{:06d}", id + 1); }

std::string ProductModel::Name(uint32_t id) const {
  uint64_t h = Hash(options_.seed, 201, id);
  return fmt::format("{} {} {}{}", kProductAdjectives[h % kProductAdjectives.size()],
                     kProductNouns[(h >> 8) % kProductNouns.size()], static_cast<char>('A' + (h >> 16) % 26),
                     100 + (h >> 24) % 900);
}

ProductState ProductModel::Launch(Rng& rng, int32_t day, int64_t updated_at) {
  ProductState p;
  p.launched_day = day;
  p.updated_at = updated_at;
  p.category = static_cast<uint8_t>(rng.Range(0, kCategoryCount - 1));
  p.subcategory = static_cast<uint8_t>(rng.Range(0, 2));
  p.brand = static_cast<uint8_t>(rng.Range(0, kBrandCount - 1));
  double median = static_cast<double>(kCategories[p.category].median_price_cents);
  p.price_cents = Charm(median * std::exp(0.6 * rng.Normal()));
  p.cost_cents = std::llround(static_cast<double>(p.price_cents) * (0.35 + 0.35 * rng.Uniform()));
  // Long tail: Pareto weights, a few products sell most.
  weights_.push_back(std::min(5000.0, std::pow(1.0 - rng.Uniform(), -1.0 / 1.1)));
  return p;
}

void ProductModel::AdvanceDay(int32_t d, std::vector<PimRow>* rows, bool* full) {
  rows->clear();
  Rng rng(options_.seed, Stream::kProducts, d);
  Rng defect_rng(options_.seed, Stream::kPimEmit, d);
  int64_t day_ts = static_cast<int64_t>(options_.start_day + d) * kSecondsPerDay;
  std::set<uint32_t> fresh;
  if (d == 0) {
    int64_t start_ts = day_ts;
    for (int64_t i = 0; i < counts_.initial_products; ++i) {
      int32_t launched = options_.start_day - static_cast<int32_t>(rng.Range(30, 1000));
      int64_t upd = rng.Range(static_cast<int64_t>(launched) * kSecondsPerDay, start_ts - 1);
      products_.push_back(Launch(rng, launched, upd));
      fresh.insert(static_cast<uint32_t>(i));
    }
  } else {
    size_t before = products_.size();
    size_t target = static_cast<size_t>(counts_.ProductsAt(d));
    for (size_t i = before; i < target; ++i) {
      products_.push_back(Launch(rng, options_.start_day + d, day_ts + rng.Range(0, 6 * 3600)));
      if (rng.Chance(rates_.late_product)) {
        pending_[d + static_cast<int32_t>(rng.Range(1, 3))].push_back(static_cast<uint32_t>(i));
      } else {
        fresh.insert(static_cast<uint32_t>(i));
      }
    }
    int64_t changes = rng.Poisson(static_cast<double>(before) * kChangesPer730d / 730.0);
    for (int64_t k = 0; k < changes; ++k) {
      uint32_t id = static_cast<uint32_t>(rng.Range(0, static_cast<int64_t>(before) - 1));
      double kind = rng.Uniform();
      double factor = 0.8 + 0.4 * rng.Uniform();
      int64_t ts = day_ts + rng.Range(0, kSecondsPerDay - 1);
      ProductState& p = products_[id];
      if (!p.arrived) continue;
      if (kind < 0.6) {
        p.price_cents = Charm(static_cast<double>(p.price_cents) * factor);
      } else if (kind < 0.85) {
        p.cost_cents = std::max<int64_t>(50, std::llround(static_cast<double>(p.cost_cents) * factor));
      } else if (kind < 0.93) {
        p.category = static_cast<uint8_t>((p.category + 1 + rng.Range(0, kCategoryCount - 2)) % kCategoryCount);
      } else {
        p.brand = static_cast<uint8_t>((p.brand + 1 + rng.Range(0, kBrandCount - 2)) % kBrandCount);
      }
      p.updated_at = std::max(p.updated_at + 1, ts);
      fresh.insert(id);
    }
  }
  popularity_ = CdfPicker(weights_);
  std::set<uint32_t> clean;
  if (auto it = pending_.find(d); it != pending_.end()) {
    clean.insert(it->second.begin(), it->second.end());
    pending_.erase(it);
  }
  *full = d == 0 || DayOfMonth(options_.start_day + d) == 1;
  std::set<uint32_t> all = fresh;
  all.insert(clean.begin(), clean.end());
  if (*full) {
    for (uint32_t id = 0; id < products_.size(); ++id) {
      if (products_[id].arrived) all.insert(id);
    }
  }
  for (uint32_t id : all) Export(id, d, fresh.count(id) == 0, defect_rng, rows);
}

void ProductModel::Export(uint32_t id, int32_t d, bool clean, Rng& defect_rng, std::vector<PimRow>* rows) {
  ProductState& p = products_[id];
  PimRow row{id, p, DefectClass::kNone, 0};
  if (!clean && defect_rng.Chance(rates_.missing_required)) {
    row.defect = DefectClass::kMissingRequired;
    row.variant = static_cast<uint8_t>(defect_rng.Range(0, 1));
  }
  p.arrived = true;
  if (row.defect == DefectClass::kNone) {
    if (p.first_valid_day == INT32_MAX) p.first_valid_day = d;
    valid_rows_.push_back(ValidRow{id, p});
  } else {
    pending_[d + static_cast<int32_t>(defect_rng.Range(1, 3))].push_back(id);
  }
  row.state = p;
  rows->push_back(row);
}

}  // namespace ecomdw::generate
