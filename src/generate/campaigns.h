// Marketing campaigns and their daily spend. A campaign is a pure function
// of (seed, start, index): 400 campaigns per 730 days, each published 7 days
// before it starts (day index 0 for earlier ones).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "generate/rng.h"

namespace ecomdw::generate {

struct Campaign {
  int64_t index = 0;
  int32_t start_idx = 0;  // day index of start_date (may be < 0)
  int32_t end_idx = 0;    // inclusive
  int32_t publish_idx = 0;
  uint8_t channel = 0;    // kCampaignChannels
  uint8_t type = 0;       // kCampaignTypes
  int64_t budget_cents = 0;
  int discount_pct = 0;   // 0 when there is no coupon
  std::string id;         // CMP-00042
  std::string name;
  std::string utm_code;
  std::string coupon_code;  // empty: none
  int64_t updated_at = 0;

  bool has_coupon() const { return !coupon_code.empty(); }
};

Campaign MakeCampaign(uint64_t seed, int32_t start_day, int64_t index);
// Campaigns whose JSON lands on day index d / that run on day index d,
// ordered by index.
std::vector<Campaign> CampaignsPublishedOn(uint64_t seed, int32_t start_day, int32_t d);
std::vector<Campaign> CampaignsActiveOn(uint64_t seed, int32_t start_day, int32_t d);

struct SpendRow {
  std::string campaign_id;
  int64_t impressions;
  int64_t clicks;
  int64_t spend_cents;
};
std::vector<SpendRow> SpendOn(uint64_t seed, int32_t start_day, int32_t d);

}  // namespace ecomdw::generate
