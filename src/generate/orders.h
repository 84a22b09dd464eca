// Order simulation: the orders placed on one day, each with its lines,
// money, campaign attribution and its whole planned life (the versions the
// source will export, on which day, and which of them are damaged).
//
// Planning an order fixes everything about it at once, so the truth for an
// order date is known as soon as the day is planned; the versions are then
// emitted into the partitions of the days they land on.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "generate/campaigns.h"
#include "generate/customers.h"
#include "generate/defect_log.h"
#include "generate/fx.h"
#include "generate/options.h"
#include "generate/products.h"
#include "generate/reference_data.h"

namespace ecomdw::generate {

enum class OrderStatus : uint8_t { kPlaced, kShipped, kDelivered, kCancelled, kReturned };
std::string_view StatusName(OrderStatus s);             // webshop / truth vocabulary
std::string_view MarketplaceStatusName(OrderStatus s);  // PENDING, SHIPPED, …
inline bool CountsInRevenue(OrderStatus s) {
  return s == OrderStatus::kPlaced || s == OrderStatus::kShipped || s == OrderStatus::kDelivered;
}

struct OrderLine {
  uint32_t product;
  int32_t quantity;
  int64_t unit_price;  // cents, order currency
  int64_t discount;
  int64_t tax;
};

struct OrderVersion {
  OrderStatus status;
  int64_t updated_at;
  int32_t landing_idx;   // day index of the partition it lands in
  int32_t resent_idx;    // day index of a stale re-send, or -1
  DefectClass defect;    // kNone, kMissingRequired, kUnknownCurrency, kInvalidEmail
  uint8_t variant;
  bool late;             // the placed version lands after the order date
};

struct OrderPlan {
  int32_t order_idx;      // day index of the order date
  uint32_t seq;           // within the day
  Channel channel;
  uint32_t customer;
  int64_t order_ts;
  int currency;           // index into kCurrencies
  int64_t rate_micro;     // FX of the order date
  int64_t shipping;       // cents, order currency
  std::string campaign_id;  // empty: none
  bool utm = false;
  bool coupon = false;
  std::string utm_code;
  std::string coupon_code;
  uint8_t delivery_method = 0;
  uint8_t ship_country = 0;
  uint8_t email_variant = 0;  // marketplace: how the buyer e-mail is spelled
  std::vector<OrderLine> lines;
  std::vector<OrderVersion> versions;

  std::string OrderId() const;
  std::string_view Source() const { return IsMarketplace(channel) ? "marketplace" : "webshop"; }
};

// Plans the orders placed on day index d. REQUIRES: customers, products and
// fx advanced to d. Deterministic in (seed, d) and the models' state.
std::vector<std::shared_ptr<const OrderPlan>> PlanOrders(const GenerateOptions& options,
                                                         const ScaleCounts& counts, int32_t d,
                                                         const CustomerModel& customers,
                                                         const ProductModel& products, const FxModel& fx);

}  // namespace ecomdw::generate
