#include "generate/customers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "generate/calendar.h"
#include "generate/reference_data.h"

namespace ecomdw::generate {
namespace {

constexpr double kSegmentWeights[kSegmentCount] = {0.5, 0.3, 0.15, 0.05};
// Share of customers that change something per 730 days.
constexpr double kChangesPer730d = 0.55;

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

uint8_t PickCountry(Rng& rng) {
  double w[kCountryCount];
  for (int i = 0; i < kCountryCount; ++i) w[i] = kCountries[i].weight;
  return static_cast<uint8_t>(rng.Weighted(w, kCountryCount));
}

}  // namespace

CustomerModel::CustomerModel(const GenerateOptions& options, const ScaleCounts& counts)
    : options_(options), counts_(counts), rates_(RatesFor(options.defects)) {}

std::string CustomerModel::CustomerId(uint32_t id) const { return fmt::format("C{:08d}", id + 1); }
std::string CustomerModel::FirstName(uint32_t id) const {
  return std::string(kFirstNames[Hash(options_.seed, 101, id) % kFirstNames.size()]);
}
std::string CustomerModel::LastName(uint32_t id) const {
  return std::string(kLastNames[Hash(options_.seed, 102, id) % kLastNames.size()]);
}
std::string CustomerModel::Email(uint32_t id) const {
  return fmt::format("{}.{}{}@{}", Lower(FirstName(id)), Lower(LastName(id)), id + 1,
                     kEmailDomains[Hash(options_.seed, 103, id) % kEmailDomains.size()]);
}
std::string CustomerModel::Phone(uint32_t id) const {
  return fmt::format("+{}", 10000000000ULL + Hash(options_.seed, 104, id) % 89999999999ULL);
}
std::string CustomerModel::Street(uint32_t id, uint32_t seq) const {
  uint64_t h = Hash(options_.seed, 105, id, seq);
  return fmt::format("{} {}", 1 + h % 240, kStreetNames[(h >> 20) % kStreetNames.size()]);
}
std::string CustomerModel::City(uint32_t id, const CustomerState& s) const {
  return std::string(kCountries[s.country].cities[Hash(options_.seed, 106, id, s.address_seq) % 4]);
}
std::string CustomerModel::PostalCode(uint32_t id, uint32_t seq) const {
  return fmt::format("{:05d}", 1000 + Hash(options_.seed, 107, id, seq) % 98000);
}

std::string CustomerModel::BreakEmail(const std::string& email, uint8_t variant) {
  size_t at = email.find('@');
  std::string local = email.substr(0, at);
  std::string domain = email.substr(at + 1);
  switch (variant % 4) {
    case 0: return local + "." + domain;           // no @
    case 1: return local + "@@" + domain;          // two @
    case 2: {                                      // a space inside
      std::string s = email;
      s[s.find('.')] = ' ';
      return s;
    }
    default: return local + "@localhost";          // no dot in the domain
  }
}

void CustomerModel::InitDayZero(Rng& rng) {
  int64_t n = counts_.initial_customers;
  customers_.resize(static_cast<size_t>(n));
  int64_t start_ts = static_cast<int64_t>(options_.start_day) * kSecondsPerDay;
  for (int64_t i = 0; i < n; ++i) {
    CustomerState& c = customers_[static_cast<size_t>(i)];
    c.country = PickCountry(rng);
    c.segment = static_cast<uint8_t>(rng.Weighted(kSegmentWeights, kSegmentCount));
    c.signup_day = options_.start_day - static_cast<int32_t>(rng.Range(1, 1500));
    int64_t signup_ts = static_cast<int64_t>(c.signup_day) * kSecondsPerDay;
    c.updated_at = rng.Range(signup_ts, start_ts - 1);
    c.opt_in = rng.Chance(0.6);
  }
}

void CustomerModel::AdvanceDay(int32_t d, std::vector<CrmRow>* rows) {
  rows->clear();
  Rng rng(options_.seed, Stream::kCustomers, d);
  Rng defect_rng(options_.seed, Stream::kCrmEmit, d);
  int64_t day_ts = static_cast<int64_t>(options_.start_day + d) * kSecondsPerDay;
  std::set<uint32_t> fresh;  // exported today, defects possible
  if (d == 0) {
    InitDayZero(rng);
    new_begin_ = 0;
    for (uint32_t id = 0; id < customers_.size(); ++id) fresh.insert(id);
  } else {
    size_t before = customers_.size();
    new_begin_ = static_cast<uint32_t>(before);
    customers_.resize(static_cast<size_t>(counts_.CustomersAt(d)));
    for (size_t i = before; i < customers_.size(); ++i) {
      CustomerState& c = customers_[i];
      c.country = PickCountry(rng);
      c.segment = 0;
      c.signup_day = options_.start_day + d;
      c.updated_at = day_ts + SampleTimeOfDay(rng);
      c.opt_in = rng.Chance(0.6);
      if (rng.Chance(rates_.late_customer)) {
        pending_[d + static_cast<int32_t>(rng.Range(1, 3))].push_back(static_cast<uint32_t>(i));
      } else {
        fresh.insert(static_cast<uint32_t>(i));
      }
    }
    int64_t changes = rng.Poisson(static_cast<double>(before) * kChangesPer730d / 730.0);
    for (int64_t k = 0; k < changes; ++k) {
      uint32_t id = static_cast<uint32_t>(rng.Range(0, static_cast<int64_t>(before) - 1));
      double kind = rng.Uniform();
      int64_t ts = day_ts + SampleTimeOfDay(rng);
      CustomerState& c = customers_[id];
      if (!c.arrived) continue;
      if (kind < 0.45) {
        ++c.address_seq;
        if (rng.Chance(0.1)) c.country = PickCountry(rng);
      } else if (kind < 0.8) {
        int step = c.segment == 0 ? 1 : (c.segment == kSegmentCount - 1 ? -1 : (rng.Chance(0.7) ? 1 : -1));
        c.segment = static_cast<uint8_t>(c.segment + step);
      } else {
        c.opt_in = !c.opt_in;
      }
      c.updated_at = std::max(c.updated_at + 1, ts);
      fresh.insert(id);
    }
  }
  std::set<uint32_t> clean;
  if (auto it = pending_.find(d); it != pending_.end()) {
    clean.insert(it->second.begin(), it->second.end());
    pending_.erase(it);
  }
  std::set<uint32_t> all = fresh;
  all.insert(clean.begin(), clean.end());
  for (uint32_t id : all) Export(id, d, clean.count(id) > 0 && fresh.count(id) == 0, defect_rng, rows);
}

void CustomerModel::Export(uint32_t id, int32_t d, bool clean, Rng& defect_rng, std::vector<CrmRow>* rows) {
  CustomerState& c = customers_[id];
  CrmRow row{id, c, DefectClass::kNone, 0};
  if (!clean) {
    double u = defect_rng.Uniform();
    if (u < rates_.missing_required) {
      row.defect = DefectClass::kMissingRequired;
    } else if (u < rates_.missing_required + rates_.invalid_email) {
      row.defect = DefectClass::kInvalidEmail;
    } else if (u < rates_.missing_required + rates_.invalid_email + rates_.invalid_country) {
      row.defect = DefectClass::kInvalidCountry;
    }
    row.variant = static_cast<uint8_t>(defect_rng.Range(0, 5));
  }
  c.arrived = true;
  if (row.defect == DefectClass::kNone) {
    if (c.first_valid_day == INT32_MAX) c.first_valid_day = d;
    valid_rows_.push_back(ValidRow{id, c});
  } else {
    pending_[d + static_cast<int32_t>(defect_rng.Range(1, 3))].push_back(id);
  }
  row.state = c;
  rows->push_back(row);
}

}  // namespace ecomdw::generate
