// The PIM's products: launches and price, cost, category and brand changes
// day by day, the rows of each day's Parquet export (full on day index 0 and
// every 1st of a month, else deltas), and the valid rows for the SCD2 truth.
//
// Same rules as CustomerModel: advance days in order; a row with a NULL
// required field is followed by a clean re-export 1–3 days later.
#pragma once

#include <climits>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "generate/defect_log.h"
#include "generate/options.h"
#include "generate/rng.h"

namespace ecomdw::generate {

struct ProductState {
  int32_t launched_day = 0;  // days since epoch
  int64_t updated_at = 0;
  int64_t price_cents = 0;   // list price, USD
  int64_t cost_cents = 0;    // unit cost, USD
  uint8_t category = 0;
  uint8_t subcategory = 0;
  uint8_t brand = 0;
  bool arrived = false;
  int32_t first_valid_day = INT32_MAX;
};

struct PimRow {
  uint32_t id;
  ProductState state;
  DefectClass defect = DefectClass::kNone;  // missing_required
  uint8_t variant = 0;                      // 0: list_price NULL, 1: category NULL
};

class ProductModel {
 public:
  ProductModel(const GenerateOptions& options, const ScaleCounts& counts);

  // REQUIRES: d = 0, 1, 2 … in order. `rows` gets day d's export sorted by
  // id; `*full` says whether it is a full snapshot.
  void AdvanceDay(int32_t d, std::vector<PimRow>* rows, bool* full);

  int64_t size() const { return static_cast<int64_t>(products_.size()); }
  const ProductState& at(uint32_t id) const { return products_[id]; }
  // Long-tail popularity over all products that exist now.
  const CdfPicker& popularity() const { return popularity_; }

  std::string Sku(uint32_t id) const;
  std::string Name(uint32_t id) const;

  struct ValidRow {
    uint32_t id;
    ProductState state;
  };
  const std::vector<ValidRow>& valid_rows() const { return valid_rows_; }

 private:
  ProductState Launch(Rng& rng, int32_t day, int64_t updated_at);
  void Export(uint32_t id, int32_t d, bool clean, Rng& defect_rng, std::vector<PimRow>* rows);

  GenerateOptions options_;
  ScaleCounts counts_;
  DefectRates rates_;
  std::vector<ProductState> products_;
  std::vector<double> weights_;
  CdfPicker popularity_;
  std::map<int32_t, std::vector<uint32_t>> pending_;
  std::vector<ValidRow> valid_rows_;
};

}  // namespace ecomdw::generate
