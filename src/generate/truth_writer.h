// The ground truth beside the bucket (docs/raw_zone.md section 7): what a
// correct warehouse must contain after loading every partition up to the
// last generated day. Computed from the generator's own plans, never from
// the objects it wrote.
//
// Files are written to a temporary name and renamed, so a crashed run never
// leaves a half-written truth file.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "generate/customers.h"
#include "generate/defect_log.h"
#include "generate/options.h"
#include "generate/orders.h"
#include "generate/products.h"

namespace ecomdw::generate {

// Writes `bytes` to `path` atomically (temp file + rename), creating folders.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view bytes);
Result<std::string> ReadFile(const std::filesystem::path& path);

class TruthWriter {
 public:
  TruthWriter(std::filesystem::path dir, const GenerateOptions& options, const CustomerModel* customers,
              const ProductModel* products)
      : dir_(std::move(dir)), options_(options), customers_(customers), products_(products) {}

  // Writes orders/, order_lines/ and revenue/ for order date index `d` as of
  // the last day index `last_idx`.
  Status WriteOrderDay(int32_t d, int32_t last_idx, const std::vector<std::shared_ptr<const OrderPlan>>& plans);
  // Writes defects/dt=… for partition day index d.
  Status WriteDefects(int32_t d, const DefectLog& log);
  // Rebuilds revenue_daily.csv and defect_counts.csv from the per-day files,
  // writes customers_scd2.csv and products_scd2.csv.
  Status Finish();

  int64_t valid_orders() const { return valid_orders_; }

 private:
  std::filesystem::path dir_;
  GenerateOptions options_;
  const CustomerModel* customers_;
  const ProductModel* products_;
  int64_t valid_orders_ = 0;
};

// customers_scd2.csv / products_scd2.csv text (scd2_truth.cc).
std::string CustomersScd2Csv(const CustomerModel& customers);
std::string ProductsScd2Csv(const ProductModel& products);

}  // namespace ecomdw::generate
