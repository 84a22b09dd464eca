// Serialisers of one day's order partition: webshop JSON lines and
// marketplace CSV (docs/raw_zone.md 4.1, 4.2). They lay out the records that
// land on the day, add the object-level defects (exact duplicates, truncated
// lines) and log every defect with its 1-based line. The caller compresses
// and stores the text.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "generate/customers.h"
#include "generate/defect_log.h"
#include "generate/options.h"
#include "generate/orders.h"
#include "generate/products.h"

namespace ecomdw::generate {

// One order version landing in a partition; `resent` marks a stale copy.
struct Emission {
  std::shared_ptr<const OrderPlan> plan;
  uint16_t version;
  bool resent;
};

struct PartitionContext {
  const GenerateOptions* options;
  int32_t day_idx;
  const CustomerModel* customers;
  const ProductModel* products;
  DefectLog* log;
};

// Returns the decompressed text of orders/source=webshop/dt=…/part-0000.jsonl.gz.
std::string WebshopPartitionText(const PartitionContext& ctx, std::vector<Emission> emissions,
                                 const std::string& key);

// Header line (with `\n`) of the marketplace CSV on day index d.
std::string MarketplaceHeader(const GenerateOptions& options, int32_t d);
// Returns the decompressed text of orders/source=marketplace/dt=…/part-0000.csv.gz.
std::string MarketplacePartitionText(const PartitionContext& ctx, std::vector<Emission> emissions,
                                     const std::string& key);

}  // namespace ecomdw::generate
