#include "generate/dimension_writers.h"

#include <fmt/format.h>

#include "generate/calendar.h"
#include "generate/money.h"
#include "generate/reference_data.h"
#include "generate/text_format.h"

namespace ecomdw::generate {

std::string CrmText(const GenerateOptions& options, int32_t d, const CustomerModel& customers,
                    const std::vector<CrmRow>& rows, const std::string& key, DefectLog* log) {
  DefectRates rates = RatesFor(options.defects);
  Rng rng(options.seed, Stream::kCrmEmit, d, 1);
  std::string out = kCrmHeader;
  int64_t line = 1;
  for (const CrmRow& r : rows) {
    const CustomerState& s = r.state;
    std::string email = customers.Email(r.id);
    std::string country(kCountries[s.country].name);
    std::string segment(kSegments[s.segment]);
    if (r.defect == DefectClass::kMissingRequired) {
      if (r.variant % 3 == 0) email.clear();
      else if (r.variant % 3 == 1) country.clear();
      else segment.clear();
    } else if (r.defect == DefectClass::kInvalidEmail) {
      email = CustomerModel::BreakEmail(email, r.variant);
    } else if (r.defect == DefectClass::kInvalidCountry) {
      country = std::string(kInvalidCountryNames[r.variant % kInvalidCountryNames.size()]);
    }
    std::string row;
    CsvRow csv(&row);
    csv.Field(customers.CustomerId(r.id));
    csv.Field(email);
    csv.Field(customers.FirstName(r.id));
    csv.Field(customers.LastName(r.id));
    csv.Field(customers.Phone(r.id));
    csv.Field(customers.Street(r.id, s.address_seq));
    csv.Field(customers.City(r.id, s));
    csv.Field(customers.PostalCode(r.id, s.address_seq));
    csv.Field(country);
    csv.Field(segment);
    csv.Field(FormatDate(s.signup_day));
    csv.Field(s.opt_in ? "true" : "false");
    csv.Field(FormatTsIso(s.updated_at));
    std::string bk = customers.CustomerId(r.id) + "@" + FormatTsIso(s.updated_at);
    bool eligible = r.defect == DefectClass::kNone;
    if (eligible && rng.Chance(rates.malformed)) {
      size_t cut = row.rfind(',', row.size() - 2);
      out.append(row.substr(0, static_cast<size_t>(rng.Range(5, static_cast<int64_t>(cut)))));
      out.push_back('\n');
      log->Add(DefectClass::kMalformed, "crm", key, ++line, bk, "truncated");
    }
    out.append(row);
    out.push_back('\n');
    ++line;
    if (r.defect != DefectClass::kNone) log->Add(r.defect, "crm", key, line, bk);
    if (eligible && rng.Chance(rates.duplicate)) {
      out.append(row);
      out.push_back('\n');
      log->Add(DefectClass::kDuplicate, "crm", key, ++line, bk);
    }
  }
  return out;
}

std::string CampaignsJson(int32_t start_day, const std::vector<Campaign>& campaigns) {
  std::string s = "[\n";
  for (size_t i = 0; i < campaigns.size(); ++i) {
    const Campaign& c = campaigns[i];
    s += "  {\"campaign_id\":";
    AppendJsonString(&s, c.id);
    s += ",\"name\":";
    AppendJsonString(&s, c.name);
    fmt::format_to(std::back_inserter(s),
                   ",\"channel\":\"{}\",\"type\":\"{}\",\"start_date\":\"{}\",\"end_date\":\"{}\","
                   "\"budget\":\"{}\",\"utm_code\":",
                   kCampaignChannels[c.channel], kCampaignTypes[c.type], FormatDate(start_day + c.start_idx),
                   FormatDate(start_day + c.end_idx), FormatCents(c.budget_cents));
    AppendJsonString(&s, c.utm_code);
    s += ",\"coupon_code\":";
    if (c.has_coupon()) {
      AppendJsonString(&s, c.coupon_code);
      fmt::format_to(std::back_inserter(s), ",\"discount_pct\":{}", c.discount_pct);
    } else {
      s += "null,\"discount_pct\":null";
    }
    fmt::format_to(std::back_inserter(s), ",\"updated_at\":\"{}\"}}", FormatTsIso(c.updated_at));
    s += i + 1 < campaigns.size() ? ",\n" : "\n";
  }
  s += "]\n";
  return s;
}

std::string SpendCsv(int32_t day, const std::vector<SpendRow>& rows) {
  std::string out = "date,campaign_id,impressions,clicks,spend_usd\n";
  std::string date = FormatDate(day);
  for (const SpendRow& r : rows) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{}\n", date, r.campaign_id, r.impressions, r.clicks,
                   FormatCents(r.spend_cents));
  }
  return out;
}

std::string FxCsv(int32_t day, int32_t d, const FxModel& fx) {
  std::string out = "date,currency,usd_per_unit\n";
  std::string date = FormatDate(day);
  for (int c = 0; c < kCurrencyCount; ++c) {
    fmt::format_to(std::back_inserter(out), "{},{},{}\n", date, kCurrencies[c].code, FormatMicros(fx.RateMicro(d, c)));
  }
  return out;
}

}  // namespace ecomdw::generate
