#include "generate/order_writers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>

#include "generate/calendar.h"
#include "generate/money.h"
#include "generate/reference_data.h"
#include "generate/text_format.h"

namespace ecomdw::generate {
namespace {

void SortEmissions(std::vector<Emission>* e) {
  std::sort(e->begin(), e->end(), [](const Emission& a, const Emission& b) {
    const OrderVersion& va = a.plan->versions[a.version];
    const OrderVersion& vb = b.plan->versions[b.version];
    if (va.updated_at != vb.updated_at) return va.updated_at < vb.updated_at;
    if (a.plan->order_idx != b.plan->order_idx) return a.plan->order_idx < b.plan->order_idx;
    if (a.plan->seq != b.plan->seq) return a.plan->seq < b.plan->seq;
    return a.resent < b.resent;
  });
}

bool DriftAdd(const GenerateOptions& o, int32_t d) {
  return RatesFor(o.defects).drift && d >= o.drift_add_day;
}

std::string VersionKey(const OrderPlan& o, const OrderVersion& v) {
  return o.OrderId() + "@" + FormatTsIso(v.updated_at);
}

std::string Currency(const OrderPlan& o, const OrderVersion& v) {
  if (v.defect == DefectClass::kUnknownCurrency) return std::string(kCurrenciesWithoutRate[v.variant % 3]);
  return std::string(kCurrencies[o.currency].code);
}

// Logs the defects that belong to the record itself (not to copies made in
// the object): its quarantine defect, lateness, stale re-send.
void LogRecordDefects(const PartitionContext& ctx, const Emission& e, std::string_view source,
                      const std::string& key, int64_t line) {
  const OrderPlan& o = *e.plan;
  const OrderVersion& v = o.versions[e.version];
  std::string bk = VersionKey(o, v);
  if (e.resent) {
    ctx.log->Add(DefectClass::kResent, source, key, line, bk,
                 fmt::format("first sent dt={}", FormatDate(ctx.options->start_day + v.landing_idx)));
  } else if (v.defect != DefectClass::kNone) {
    ctx.log->Add(v.defect, source, key, line, bk);
  } else if (v.late) {
    ctx.log->Add(DefectClass::kLateArrival, source, key, line, bk,
                 fmt::format("order date {}", FormatDate(ctx.options->start_day + o.order_idx)));
  }
}

std::string Truncate(Rng& rng, const std::string& line) {
  size_t last_comma = line.rfind(',');
  size_t hi = std::min(line.size() - 2, last_comma == std::string::npos ? line.size() - 2 : last_comma);
  return line.substr(0, static_cast<size_t>(rng.Range(5, static_cast<int64_t>(hi))));
}

// Appends `text` (one record, no newline) with its object-level copies.
void AppendWithCopies(const PartitionContext& ctx, Rng& rng, bool eligible, std::string_view source,
                      const std::string& key, const std::string& bk, const std::string& text, std::string* out,
                      int64_t* line, const std::function<void(int64_t)>& log_record) {
  const DefectRates rates = RatesFor(ctx.options->defects);
  bool malformed = eligible && rng.Chance(rates.malformed);
  bool duplicate = eligible && rng.Chance(rates.duplicate);
  if (malformed) {
    out->append(Truncate(rng, text));
    out->push_back('\n');
    ctx.log->Add(DefectClass::kMalformed, source, key, ++*line, bk, "truncated");
  }
  out->append(text);
  out->push_back('\n');
  log_record(++*line);
  if (duplicate) {
    out->append(text);
    out->push_back('\n');
    ctx.log->Add(DefectClass::kDuplicate, source, key, ++*line, bk);
    log_record(-*line);  // the copy references the same entities
  }
}

std::string WebshopJson(const PartitionContext& ctx, const OrderPlan& o, const OrderVersion& v, bool drift) {
  bool missing = v.defect == DefectClass::kMissingRequired;
  std::string s = "{\"order_id\":";
  AppendJsonString(&s, o.OrderId());
  s += ",\"channel\":";
  AppendJsonString(&s, ChannelName(o.channel));
  s += ",\"customer_id\":";
  if (missing && v.variant % 3 == 0) s += "null";
  else AppendJsonString(&s, ctx.customers->CustomerId(o.customer));
  fmt::format_to(std::back_inserter(s), ",\"order_ts\":\"{}\",\"updated_at\":\"{}\",\"status\":\"{}\",\"currency\":",
                 FormatTsIso(o.order_ts), FormatTsIso(v.updated_at), StatusName(v.status));
  if (missing && v.variant % 3 == 1) s += "null";
  else AppendJsonString(&s, Currency(o, v));
  fmt::format_to(std::back_inserter(s), ",\"shipping\":\"{}\",\"shipping_country\":\"{}\",\"utm_code\":",
                 FormatCents(o.shipping), kCountries[o.ship_country].iso);
  if (o.utm) AppendJsonString(&s, o.utm_code);
  else s += "null";
  s += ",\"coupon_code\":";
  if (o.coupon) AppendJsonString(&s, o.coupon_code);
  else s += "null";
  s += ",\"lines\":[";
  for (size_t i = 0; i < o.lines.size(); ++i) {
    const OrderLine& l = o.lines[i];
    if (i > 0) s += ',';
    fmt::format_to(std::back_inserter(s), "{{\"line_number\":{},\"sku\":", i + 1);
    if (missing && v.variant % 3 == 2 && i == 0) s += "null";
    else AppendJsonString(&s, ctx.products->Sku(l.product));
    fmt::format_to(std::back_inserter(s), ",\"quantity\":{},\"unit_price\":\"{}\",\"discount\":\"{}\",\"tax\":\"{}\"}}",
                   l.quantity, FormatCents(l.unit_price), FormatCents(l.discount), FormatCents(l.tax));
  }
  s += ']';
  if (drift) {
    fmt::format_to(std::back_inserter(s), ",\"delivery_method\":\"{}\"", kDeliveryMethods[o.delivery_method]);
  }
  s += '}';
  return s;
}

std::string BuyerEmail(const PartitionContext& ctx, const OrderPlan& o, const OrderVersion& v) {
  if (v.defect == DefectClass::kMissingRequired && v.variant % 2 == 0) return "";
  std::string e = ctx.customers->Email(o.customer);
  if (v.defect == DefectClass::kInvalidEmail) return CustomerModel::BreakEmail(e, v.variant);
  if (o.email_variant == 7) {
    for (char& c : e) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (o.email_variant == 8) {
    e = "  " + e;
  } else if (o.email_variant == 9) {
    e[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(e[0])));
    e += " ";
  }
  return e;
}

}  // namespace

std::string WebshopPartitionText(const PartitionContext& ctx, std::vector<Emission> emissions,
                                 const std::string& key) {
  SortEmissions(&emissions);
  Rng rng(ctx.options->seed, Stream::kWebshopEmit, ctx.day_idx);
  std::string out;
  int64_t line = 0;
  for (const Emission& e : emissions) {
    const OrderPlan& o = *e.plan;
    const OrderVersion& v = o.versions[e.version];
    std::string bk = VersionKey(o, v);
    bool valid = v.defect == DefectClass::kNone;
    auto log_record = [&](int64_t at) {
      bool copy = at < 0;
      if (!copy) LogRecordDefects(ctx, e, "webshop", key, at);
      if (!valid) return;
      int64_t ln = copy ? -at : at;
      if (ctx.customers->at(o.customer).first_valid_day > ctx.day_idx) {
        ctx.log->Add(DefectClass::kUnknownCustomer, "webshop", key, ln, bk, ctx.customers->CustomerId(o.customer));
      }
      std::string skus;
      for (const OrderLine& l : o.lines) {
        if (ctx.products->at(l.product).first_valid_day > ctx.day_idx) {
          skus += (skus.empty() ? "" : " ") + ctx.products->Sku(l.product);
        }
      }
      if (!skus.empty()) ctx.log->Add(DefectClass::kUnknownSku, "webshop", key, ln, bk, skus);
    };
    // A re-send replays the bytes first sent, so drift follows the original partition.
    bool drift = DriftAdd(*ctx.options, e.resent ? v.landing_idx : ctx.day_idx);
    AppendWithCopies(ctx, rng, valid && !e.resent, "webshop", key, bk, WebshopJson(ctx, o, v, drift), &out, &line,
                     log_record);
  }
  return out;
}

std::string MarketplaceHeader(const GenerateOptions& options, int32_t d) {
  bool renamed = RatesFor(options.defects).drift && d >= options.drift_rename_day;
  return fmt::format(
      "mp_order_id,marketplace,order_date,last_update,order_status,buyer_email,item_no,sku,qty,{},"
      "item_discount,item_tax,shipping_fee,currency,promo_code\n",
      renamed ? "unit_price" : "item_price");
}

std::string MarketplacePartitionText(const PartitionContext& ctx, std::vector<Emission> emissions,
                                     const std::string& key) {
  SortEmissions(&emissions);
  Rng rng(ctx.options->seed, Stream::kMarketplaceEmit, ctx.day_idx);
  std::string out = MarketplaceHeader(*ctx.options, ctx.day_idx);
  int64_t line = 1;
  for (const Emission& e : emissions) {
    const OrderPlan& o = *e.plan;
    const OrderVersion& v = o.versions[e.version];
    bool valid = v.defect == DefectClass::kNone;
    std::string email = BuyerEmail(ctx, o, v);
    std::string currency = v.defect == DefectClass::kMissingRequired && v.variant % 2 == 1 ? "" : Currency(o, v);
    for (size_t i = 0; i < o.lines.size(); ++i) {
      const OrderLine& l = o.lines[i];
      std::string row;
      CsvRow csv(&row);
      csv.Field(o.OrderId());
      csv.Field(o.channel == Channel::kAmazon ? "AMAZON" : "EBAY");
      csv.Field(FormatTsSpace(o.order_ts));
      csv.Field(FormatTsSpace(v.updated_at));
      csv.Field(MarketplaceStatusName(v.status));
      csv.Field(email);
      csv.Int(static_cast<int64_t>(i + 1));
      csv.Field(ctx.products->Sku(l.product));
      csv.Int(l.quantity);
      csv.Field(FormatCents(l.unit_price));
      csv.Field(FormatCents(l.discount));
      csv.Field(FormatCents(l.tax));
      csv.Field(FormatCents(o.shipping));
      csv.Field(currency);
      csv.Field(o.coupon ? o.coupon_code : "");
      std::string bk = fmt::format("{}#{}@{}", o.OrderId(), i + 1, FormatTsIso(v.updated_at));
      auto log_record = [&](int64_t at) {
        bool copy = at < 0;
        int64_t ln = copy ? -at : at;
        if (!copy) LogRecordDefects(ctx, e, "marketplace", key, ln);
        if (!valid) return;
        if (ctx.customers->at(o.customer).first_valid_day > ctx.day_idx) {
          ctx.log->Add(DefectClass::kUnknownCustomer, "marketplace", key, ln, bk, ctx.customers->Email(o.customer));
        }
        if (ctx.products->at(l.product).first_valid_day > ctx.day_idx) {
          ctx.log->Add(DefectClass::kUnknownSku, "marketplace", key, ln, bk, ctx.products->Sku(l.product));
        }
      };
      AppendWithCopies(ctx, rng, valid && !e.resent, "marketplace", key, bk, row, &out, &line, log_record);
    }
  }
  return out;
}

}  // namespace ecomdw::generate
