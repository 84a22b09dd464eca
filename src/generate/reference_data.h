// Fixed reference lists of the simulated retailer: channels, currencies,
// countries, segments, catalog vocabulary and names. Indices into these
// tables appear in the generator's state; the tables are part of the output
// contract (docs/raw_zone.md sections 3 and 4), so only append to them.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ecomdw::generate {

enum class Channel : uint8_t { kWeb, kMobileApp, kStore, kSocial, kAmazon, kEbay };
inline constexpr int kChannelCount = 6;
std::string_view ChannelName(Channel c);  // "web", "marketplace_amazon", …
inline bool IsMarketplace(Channel c) { return c == Channel::kAmazon || c == Channel::kEbay; }
extern const std::array<double, kChannelCount> kChannelShare;

struct CurrencyInfo {
  std::string_view code;
  int64_t base_rate_micro;  // USD per unit at the start, × 1e6
  int64_t tax_bp;           // tax rate in basis points
};
inline constexpr int kCurrencyCount = 10;
extern const std::array<CurrencyInfo, kCurrencyCount> kCurrencies;  // [0] is USD
extern const std::array<std::string_view, 3> kCurrenciesWithoutRate;

struct CountryInfo {
  std::string_view name;  // as the CRM writes it
  std::string_view iso;
  int currency;           // index into kCurrencies
  double weight;          // share of customers
  std::array<std::string_view, 4> cities;
};
inline constexpr int kCountryCount = 14;
extern const std::array<CountryInfo, kCountryCount> kCountries;
extern const std::array<std::string_view, 6> kInvalidCountryNames;

inline constexpr int kSegmentCount = 4;
extern const std::array<std::string_view, kSegmentCount> kSegments;  // bronze … platinum

struct CategoryInfo {
  std::string_view name;
  std::array<std::string_view, 3> subcategories;
  int64_t median_price_cents;  // USD
};
inline constexpr int kCategoryCount = 12;
extern const std::array<CategoryInfo, kCategoryCount> kCategories;

inline constexpr int kBrandCount = 40;
extern const std::array<std::string_view, kBrandCount> kBrands;
extern const std::array<std::string_view, 24> kProductNouns;
extern const std::array<std::string_view, 16> kProductAdjectives;

extern const std::array<std::string_view, 40> kFirstNames;
extern const std::array<std::string_view, 40> kLastNames;
extern const std::array<std::string_view, 16> kStreetNames;
extern const std::array<std::string_view, 6> kEmailDomains;

inline constexpr int kCampaignChannelCount = 5;
extern const std::array<std::string_view, kCampaignChannelCount> kCampaignChannels;
extern const std::array<std::string_view, 4> kCampaignTypes;
extern const std::array<std::string_view, 12> kCampaignThemes;

extern const std::array<std::string_view, 3> kDeliveryMethods;

}  // namespace ecomdw::generate
