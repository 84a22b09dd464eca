#include "generate/campaigns.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "generate/calendar.h"
#include "generate/reference_data.h"

namespace ecomdw::generate {
namespace {

constexpr int64_t kPerPeriod = 400;
constexpr int64_t kPeriodDays = 730;
constexpr int kMaxLead = 14;      // start jitter below the nominal day
constexpr int kMaxDuration = 45;

std::string Slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::tolower(c)));
    else if (!out.empty() && out.back() != '-') out.push_back('-');
  }
  return out;
}

}  // namespace

Campaign MakeCampaign(uint64_t seed, int32_t start_day, int64_t index) {
  Campaign c;
  c.index = index;
  uint64_t h = Hash(seed, 301, static_cast<uint64_t>(index));
  c.start_idx = static_cast<int32_t>(index * kPeriodDays / kPerPeriod) - kMaxLead + static_cast<int32_t>(h % kMaxLead);
  c.end_idx = c.start_idx + 6 + static_cast<int32_t>((h >> 8) % (kMaxDuration - 6));
  c.publish_idx = std::max(0, c.start_idx - 7);
  c.channel = static_cast<uint8_t>((h >> 16) % kCampaignChannelCount);
  c.type = static_cast<uint8_t>((h >> 24) % kCampaignTypes.size());
  c.budget_cents = (1000 + static_cast<int64_t>((h >> 32) % 49000)) * 100;
  c.id = fmt::format("CMP-{:05d}", index + 1);
  // Themes follow the calendar: kCampaignThemes is one per month.
  int month = std::stoi(FormatDate(start_day + c.start_idx).substr(5, 2));
  std::string_view theme = kCampaignThemes[static_cast<size_t>(month - 1)];
  std::string_view channel = kCampaignChannels[c.channel];
  c.name = fmt::format("{} {} – {}", theme, FormatDate(start_day + c.start_idx).substr(0, 4), channel);
  c.utm_code = fmt::format("cmp{:05d}-{}-{}", index + 1, Slug(theme), channel);
  if ((h >> 48) % 2 == 0) {
    static constexpr int kPct[4] = {10, 15, 20, 25};
    c.discount_pct = kPct[(h >> 52) % 4];
    c.coupon_code = fmt::format("SAVE{}-{:04d}", c.discount_pct, index + 1);
  }
  c.updated_at = static_cast<int64_t>(start_day + c.publish_idx) * kSecondsPerDay + 6 * 3600 +
                 static_cast<int64_t>((h >> 56) % 3600);
  return c;
}

std::vector<Campaign> CampaignsPublishedOn(uint64_t seed, int32_t start_day, int32_t d) {
  std::vector<Campaign> out;
  int64_t lo = std::max<int64_t>(0, (static_cast<int64_t>(d) - 2) * kPerPeriod / kPeriodDays - 2);
  int64_t hi = (static_cast<int64_t>(d) + 7 + kMaxLead + 2) * kPerPeriod / kPeriodDays + 2;
  for (int64_t i = lo; i <= hi; ++i) {
    Campaign c = MakeCampaign(seed, start_day, i);
    if (c.publish_idx == d) out.push_back(std::move(c));
  }
  return out;
}

std::vector<Campaign> CampaignsActiveOn(uint64_t seed, int32_t start_day, int32_t d) {
  std::vector<Campaign> out;
  int64_t lo = std::max<int64_t>(0, (static_cast<int64_t>(d) - kMaxDuration - 2) * kPerPeriod / kPeriodDays - 2);
  int64_t hi = (static_cast<int64_t>(d) + kMaxLead + 2) * kPerPeriod / kPeriodDays + 2;
  for (int64_t i = lo; i <= hi; ++i) {
    Campaign c = MakeCampaign(seed, start_day, i);
    if (c.start_idx <= d && d <= c.end_idx) out.push_back(std::move(c));
  }
  return out;
}

std::vector<SpendRow> SpendOn(uint64_t seed, int32_t start_day, int32_t d) {
  Rng rng(seed, Stream::kSpend, d);
  std::vector<SpendRow> out;
  for (const Campaign& c : CampaignsActiveOn(seed, start_day, d)) {
    int64_t days = c.end_idx - c.start_idx + 1;
    double spend = static_cast<double>(c.budget_cents) / static_cast<double>(days) * (0.7 + 0.6 * rng.Uniform());
    int64_t spend_cents = std::llround(spend);
    int64_t impressions = std::llround(spend / 100.0 * (150 + 400 * rng.Uniform()));
    int64_t clicks = std::llround(static_cast<double>(impressions) * (0.004 + 0.025 * rng.Uniform()));
    out.push_back(SpendRow{c.id, impressions, clicks, spend_cents});
  }
  return out;
}

}  // namespace ecomdw::generate
