// PIM product exports as Parquet bytes, written by an in-memory DuckDB
// (docs/raw_zone.md 4.4): rows are bulk-appended to a scratch table, copied
// to a temporary file with COPY … (FORMAT parquet) and read back.
//
// One writer per generator run; not thread safe. DuckDB runs single-threaded
// so row order and bytes are deterministic.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "generate/defect_log.h"
#include "generate/options.h"
#include "generate/products.h"
#include "warehouse/warehouse.h"

namespace ecomdw::generate {

class ParquetProductWriter {
 public:
  // `scratch_dir` is created if needed and holds one temporary file at a time.
  static Result<std::unique_ptr<ParquetProductWriter>> Open(std::filesystem::path scratch_dir);
  ~ParquetProductWriter();

  // The Parquet object for `rows` (NULLs for missing_required rows, an exact
  // duplicate row after some rows), defects logged against `key`.
  Result<std::string> Write(const GenerateOptions& options, int32_t d, const ProductModel& products,
                            const std::vector<PimRow>& rows, const std::string& key, DefectLog* log);

 private:
  ParquetProductWriter(std::unique_ptr<warehouse::Warehouse> db, std::filesystem::path scratch_dir)
      : db_(std::move(db)), scratch_dir_(std::move(scratch_dir)) {}
  std::unique_ptr<warehouse::Warehouse> db_;
  std::filesystem::path scratch_dir_;
};

}  // namespace ecomdw::generate
