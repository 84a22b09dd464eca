#include "generate/parquet_writer.h"

#include <fstream>
#include <sstream>

#include "common/sql_quote.h"
#include "generate/calendar.h"
#include "generate/reference_data.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::generate {

using warehouse::Value;

Result<std::unique_ptr<ParquetProductWriter>> ParquetProductWriter::Open(std::filesystem::path scratch_dir) {
  std::error_code ec;
  std::filesystem::create_directories(scratch_dir, ec);
  if (ec) return Status::IOError("generate: cannot create {}: {}", scratch_dir.string(), ec.message());
  warehouse::DuckDbOptions opts;
  opts.threads = 1;
  ECOMDW_ASSIGN_OR_RETURN(auto db, warehouse::OpenDuckDb(":memory:", opts));
  ECOMDW_TRY(db->Execute(
      "CREATE TABLE pim (sku VARCHAR, product_name VARCHAR, brand VARCHAR, category VARCHAR, "
      "subcategory VARCHAR, list_price_usd DECIMAL(12,2), unit_cost_usd DECIMAL(12,2), launched_on DATE, "
      "updated_at TIMESTAMP)"));
  return std::unique_ptr<ParquetProductWriter>(new ParquetProductWriter(std::move(db), std::move(scratch_dir)));
}

ParquetProductWriter::~ParquetProductWriter() {
  std::error_code ec;
  std::filesystem::remove_all(scratch_dir_, ec);
}

Result<std::string> ParquetProductWriter::Write(const GenerateOptions& options, int32_t d,
                                                const ProductModel& products, const std::vector<PimRow>& rows,
                                                const std::string& key, DefectLog* log) {
  DefectRates rates = RatesFor(options.defects);
  Rng rng(options.seed, Stream::kPimEmit, d, 1);
  ECOMDW_TRY(db_->Execute("DELETE FROM pim"));
  ECOMDW_ASSIGN_OR_RETURN(auto writer, db_->OpenBulkWriter("main", "pim"));
  int64_t row_no = 0;
  for (const PimRow& r : rows) {
    const ProductState& p = r.state;
    bool missing = r.defect == DefectClass::kMissingRequired;
    const CategoryInfo& cat = kCategories[p.category];
    warehouse::Row row{
        products.Sku(r.id),
        products.Name(r.id),
        std::string(kBrands[p.brand]),
        missing && r.variant == 1 ? Value{} : Value{std::string(cat.name)},
        std::string(cat.subcategories[p.subcategory]),
        missing && r.variant == 0 ? Value{} : Value{warehouse::Decimal{p.price_cents, 12, 2}},
        warehouse::Decimal{p.cost_cents, 12, 2},
        warehouse::Date{p.launched_day},
        warehouse::Timestamp{p.updated_at * 1000000},
    };
    std::string bk = products.Sku(r.id) + "@" + FormatTsIso(p.updated_at);
    ECOMDW_TRY(writer->AppendRow(row));
    ++row_no;
    if (missing) log->Add(DefectClass::kMissingRequired, "pim", key, row_no, bk);
    if (!missing && r.defect == DefectClass::kNone && rng.Chance(rates.duplicate)) {
      ECOMDW_TRY(writer->AppendRow(row));
      log->Add(DefectClass::kDuplicate, "pim", key, ++row_no, bk);
    }
  }
  ECOMDW_TRY(writer->Close());
  std::filesystem::path file = scratch_dir_ / "products.parquet";
  ECOMDW_TRY(db_->Execute("COPY pim TO " + QuoteLiteral(file.string()) + " (FORMAT parquet)"));
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IOError("generate: cannot read {}", file.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace ecomdw::generate
