// customers_scd2.csv and products_scd2.csv: SCD type 2 versions built from
// the valid CRM / PIM rows, by the rule of docs/raw_zone.md 4.3 and 4.4.
#include <fmt/format.h>

#include <algorithm>

#include "generate/calendar.h"
#include "generate/money.h"
#include "generate/reference_data.h"
#include "generate/text_format.h"
#include "generate/truth_writer.h"

namespace ecomdw::generate {
namespace {

// Groups rows by entity (stable: landing order kept) and calls `emit` with
// each entity's rows in updated_at order.
template <typename Row, typename Emit>
void ForEachEntity(std::vector<Row> rows, Emit emit) {
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.id != b.id) return a.id < b.id;
    return a.state.updated_at < b.state.updated_at;
  });
  size_t i = 0;
  while (i < rows.size()) {
    size_t j = i;
    while (j < rows.size() && rows[j].id == rows[i].id) ++j;
    emit(rows, i, j);
    i = j;
  }
}

bool SameTracked(const CustomerState& a, const CustomerState& b) {
  return a.address_seq == b.address_seq && kCountries[a.country].iso == kCountries[b.country].iso &&
         a.segment == b.segment;
}

bool SameTracked(const ProductState& a, const ProductState& b) {
  return a.price_cents == b.price_cents && a.cost_cents == b.cost_cents && a.category == b.category &&
         a.brand == b.brand;
}

}  // namespace

std::string CustomersScd2Csv(const CustomerModel& customers) {
  std::string out =
      "customer_id,version,valid_from,valid_to,is_current,email,first_name,last_name,phone,street,city,"
      "postal_code,country_code,segment,signup_date,marketing_opt_in\n";
  ForEachEntity(customers.valid_rows(), [&](const auto& rows, size_t begin, size_t end) {
    std::vector<size_t> opens;  // rows that open a version
    for (size_t k = begin; k < end; ++k) {
      if (opens.empty() || !SameTracked(rows[opens.back()].state, rows[k].state)) opens.push_back(k);
    }
    const CustomerState& latest = rows[end - 1].state;
    uint32_t id = rows[begin].id;
    for (size_t v = 0; v < opens.size(); ++v) {
      const CustomerState& s = rows[opens[v]].state;
      bool current = v + 1 == opens.size();
      CsvRow csv(&out);
      csv.Field(customers.CustomerId(id));
      csv.Int(static_cast<int64_t>(v + 1));
      csv.Field(FormatTsIso(s.updated_at));
      csv.Field(current ? "" : FormatTsIso(rows[opens[v + 1]].state.updated_at));
      csv.Field(current ? "true" : "false");
      csv.Field(customers.Email(id));
      csv.Field(customers.FirstName(id));
      csv.Field(customers.LastName(id));
      csv.Field(customers.Phone(id));
      csv.Field(customers.Street(id, s.address_seq));
      csv.Field(customers.City(id, s));
      csv.Field(customers.PostalCode(id, s.address_seq));
      csv.Field(kCountries[s.country].iso);
      csv.Field(kSegments[s.segment]);
      csv.Field(FormatDate(s.signup_day));
      csv.Field(latest.opt_in ? "true" : "false");
      csv.End();
    }
  });
  return out;
}

std::string ProductsScd2Csv(const ProductModel& products) {
  std::string out =
      "sku,version,valid_from,valid_to,is_current,product_name,brand,category,subcategory,list_price_usd,"
      "unit_cost_usd,launched_on\n";
  ForEachEntity(products.valid_rows(), [&](const auto& rows, size_t begin, size_t end) {
    std::vector<size_t> opens;
    for (size_t k = begin; k < end; ++k) {
      if (opens.empty() || !SameTracked(rows[opens.back()].state, rows[k].state)) opens.push_back(k);
    }
    uint32_t id = rows[begin].id;
    for (size_t v = 0; v < opens.size(); ++v) {
      const ProductState& s = rows[opens[v]].state;
      bool current = v + 1 == opens.size();
      const CategoryInfo& cat = kCategories[s.category];
      CsvRow csv(&out);
      csv.Field(products.Sku(id));
      csv.Int(static_cast<int64_t>(v + 1));
      csv.Field(FormatTsIso(s.updated_at));
      csv.Field(current ? "" : FormatTsIso(rows[opens[v + 1]].state.updated_at));
      csv.Field(current ? "true" : "false");
      csv.Field(products.Name(id));
      csv.Field(kBrands[s.brand]);
      csv.Field(cat.name);
      csv.Field(cat.subcategories[s.subcategory]);
      csv.Field(FormatCents(s.price_cents));
      csv.Field(FormatCents(s.cost_cents));
      csv.Field(FormatDate(s.launched_day));
      csv.End();
    }
  });
  return out;
}

}  // namespace ecomdw::generate
