#include "generate/orders.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "generate/calendar.h"
#include "generate/money.h"

namespace ecomdw::generate {
namespace {

constexpr double kQuantityWeights[5] = {0.75, 0.17, 0.05, 0.02, 0.01};
constexpr double kDeliveryWeights[3] = {0.7, 0.22, 0.08};
constexpr double kAttributedShare = 0.18;
constexpr int64_t kFreeShippingUsdCents = 15000;
constexpr int64_t kShippingUsdCents = 599;
constexpr int64_t kHour = 3600;

int32_t IdxOf(const GenerateOptions& o, int64_t ts) {
  return static_cast<int32_t>(ts / kSecondsPerDay) - o.start_day;
}

uint32_t PickCustomer(Rng& rng, const CustomerModel& customers) {
  uint32_t n = static_cast<uint32_t>(customers.size());
  uint32_t fresh = customers.new_begin();
  if (fresh < n && rng.Chance(0.12)) return static_cast<uint32_t>(rng.Range(fresh, n - 1));
  // Older customers have had longer to come back: density falls with the id.
  double u = std::pow(rng.Uniform(), 1.6);
  return std::min(n - 1, static_cast<uint32_t>(u * n));
}

void PlanLines(Rng& rng, OrderPlan* o, const ProductModel& products, int tax_bp, int discount_pct) {
  int n = 1 + static_cast<int>(std::min<int64_t>(9, rng.Poisson(1.5)));
  for (int i = 0; i < n; ++i) {
    uint32_t p = static_cast<uint32_t>(products.popularity().Pick(rng));
    for (int retry = 0; retry < 4; ++retry) {
      bool seen = std::any_of(o->lines.begin(), o->lines.end(), [&](const OrderLine& l) { return l.product == p; });
      if (!seen) break;
      p = static_cast<uint32_t>(products.popularity().Pick(rng));
    }
    OrderLine l;
    l.product = p;
    l.quantity = 1 + static_cast<int32_t>(rng.Weighted(kQuantityWeights, 5));
    l.unit_price = FromUsdCents(products.at(p).price_cents, o->rate_micro);
    int64_t gross = l.unit_price * l.quantity;
    l.discount = o->coupon ? DivRoundHalfAway(gross * discount_pct, 100) : 0;
    l.tax = DivRoundHalfAway((gross - l.discount) * tax_bp, 10000);
    o->lines.push_back(l);
  }
}

void PlanLife(Rng& rng, const GenerateOptions& opt, const DefectRates& rates, OrderPlan* o) {
  std::vector<std::pair<OrderStatus, int64_t>> events{{OrderStatus::kPlaced, o->order_ts}};
  int64_t t = o->order_ts;
  if (o->channel == Channel::kStore) {
    events.push_back({OrderStatus::kDelivered, t + rng.Range(60, 900)});
    if (rng.Chance(0.04)) events.push_back({OrderStatus::kReturned, events.back().second + rng.Range(2 * 24, 20 * 24) * kHour});
  } else if (rng.Chance(0.06)) {
    events.push_back({OrderStatus::kCancelled, t + rng.Range(10 * 60, 48 * kHour)});
  } else {
    int64_t shipped = t + rng.Range(3 * kHour, 72 * kHour);
    int64_t delivered = shipped + rng.Range(24 * kHour, 6 * 24 * kHour);
    events.push_back({OrderStatus::kShipped, shipped});
    events.push_back({OrderStatus::kDelivered, delivered});
    if (rng.Chance(0.08)) events.push_back({OrderStatus::kReturned, delivered + rng.Range(3 * 24 * kHour, 25 * 24 * kHour)});
  }
  bool late = rng.Chance(rates.late_arrival);
  int32_t late_days = static_cast<int32_t>(rng.Range(1, 5));
  for (size_t i = 0; i < events.size(); ++i) {
    OrderVersion v{};
    v.status = events[i].first;
    v.updated_at = events[i].second;
    v.landing_idx = IdxOf(opt, v.updated_at);
    v.late = i == 0 && late;
    if (v.late) v.landing_idx += late_days;
    double u = rng.Uniform();
    double invalid_email = IsMarketplace(o->channel) ? rates.invalid_email : 0.0;
    if (u < rates.missing_required) {
      v.defect = DefectClass::kMissingRequired;
    } else if (u < rates.missing_required + rates.unknown_currency) {
      v.defect = DefectClass::kUnknownCurrency;
    } else if (u < rates.missing_required + rates.unknown_currency + invalid_email) {
      v.defect = DefectClass::kInvalidEmail;
    }
    v.variant = static_cast<uint8_t>(rng.Range(0, 5));
    v.resent_idx = -1;
    if (v.defect == DefectClass::kNone && rng.Chance(rates.resent)) {
      v.resent_idx = v.landing_idx + static_cast<int32_t>(rng.Range(1, 7));
    }
    o->versions.push_back(v);
  }
}

}  // namespace

std::string_view StatusName(OrderStatus s) {
  switch (s) {
    case OrderStatus::kPlaced: return "placed";
    case OrderStatus::kShipped: return "shipped";
    case OrderStatus::kDelivered: return "delivered";
    case OrderStatus::kCancelled: return "cancelled";
    case OrderStatus::kReturned: return "returned";
  }
  return "?";
}

std::string_view MarketplaceStatusName(OrderStatus s) {
  switch (s) {
    case OrderStatus::kPlaced: return "PENDING";
    case OrderStatus::kShipped: return "SHIPPED";
    case OrderStatus::kDelivered: return "DELIVERED";
    case OrderStatus::kCancelled: return "CANCELED";
    case OrderStatus::kReturned: return "RETURNED";
  }
  return "?";
}

std::string OrderPlan::OrderId() const {
  switch (channel) {
    case Channel::kAmazon: return fmt::format("AMZ-{:04d}{:06d}", order_idx, seq);
    case Channel::kEbay: return fmt::format("EBY-{:04d}{:06d}", order_idx, seq);
    default: return fmt::format("W{:04d}{:06d}", order_idx, seq);
  }
}

std::vector<std::shared_ptr<const OrderPlan>> PlanOrders(const GenerateOptions& options,
                                                         const ScaleCounts& counts, int32_t d,
                                                         const CustomerModel& customers,
                                                         const ProductModel& products, const FxModel& fx) {
  DefectRates rates = RatesFor(options.defects);
  Rng count_rng(options.seed, Stream::kOrderCount, d);
  double expected = counts.orders_per_day * DemandFactor(options.start_day + d) *
                    std::exp(0.08 * count_rng.Normal() - 0.0032);
  int64_t n = std::max<int64_t>(1, std::llround(expected));
  std::vector<Campaign> active = CampaignsActiveOn(options.seed, options.start_day, d);
  Rng rng(options.seed, Stream::kOrders, d);
  int64_t day_ts = static_cast<int64_t>(options.start_day + d) * kSecondsPerDay;
  std::vector<std::shared_ptr<const OrderPlan>> out;
  out.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    auto o = std::make_shared<OrderPlan>();
    o->order_idx = d;
    o->seq = static_cast<uint32_t>(i);
    o->channel = static_cast<Channel>(rng.Weighted(kChannelShare.data(), kChannelCount));
    o->customer = PickCustomer(rng, customers);
    const CustomerState& c = customers.at(o->customer);
    o->order_ts = day_ts + SampleTimeOfDay(rng);
    if (c.signup_day == options.start_day + d) {
      o->order_ts = std::min(day_ts + kSecondsPerDay - 1, std::max(o->order_ts, c.updated_at + rng.Range(60, 1800)));
    }
    o->ship_country = c.country;
    o->currency = kCountries[c.country].currency;
    o->rate_micro = fx.RateMicro(d, o->currency);
    o->delivery_method = o->channel == Channel::kStore ? 2 : static_cast<uint8_t>(rng.Weighted(kDeliveryWeights, 3));
    o->email_variant = static_cast<uint8_t>(rng.Range(0, 9));
    int discount_pct = 0;
    if (!active.empty() && rng.Chance(kAttributedShare)) {
      const Campaign& cmp = active[static_cast<size_t>(rng.Range(0, static_cast<int64_t>(active.size()) - 1))];
      bool web_like = o->channel == Channel::kWeb || o->channel == Channel::kMobileApp || o->channel == Channel::kSocial;
      o->utm = web_like;
      o->coupon = cmp.has_coupon() && (!web_like || rng.Chance(0.5));
      if (o->utm || o->coupon) {
        o->campaign_id = cmp.id;
        if (o->utm) o->utm_code = cmp.utm_code;
        if (o->coupon) {
          o->coupon_code = cmp.coupon_code;
          discount_pct = cmp.discount_pct;
        }
      }
    }
    PlanLines(rng, o.get(), products, static_cast<int>(kCurrencies[o->currency].tax_bp), discount_pct);
    int64_t base = 0;
    for (const OrderLine& l : o->lines) base += l.unit_price * l.quantity - l.discount;
    bool free = o->channel == Channel::kStore || base >= FromUsdCents(kFreeShippingUsdCents, o->rate_micro);
    o->shipping = free ? 0 : FromUsdCents(kShippingUsdCents, o->rate_micro);
    PlanLife(rng, options, rates, o.get());
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace ecomdw::generate
