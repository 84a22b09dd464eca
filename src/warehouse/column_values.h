// ColumnValues: one column of a columnar bulk append (BulkWriter::
// AppendColumns), values in their physical form so that an engine can copy
// them into its own vectors without building a Value per cell.
//
//   type         values in                 meaning
//   kBoolean     ints (0 or 1)
//   kBigint      ints                      any integer column (range is the caller's)
//   kDouble      doubles
//   kDate        ints                      days since 1970-01-01
//   kTimestamp   ints                      microseconds since the epoch, UTC
//   kDecimal     ints                      unscaled, at decimal_scale (width <= 18)
//   kVarchar     texts                     views; the bytes must outlive the append
//
// is_null has one entry per row (1 = NULL); the value slot of a NULL row is
// present but ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "warehouse/value.h"

namespace ecomdw::warehouse {

struct ColumnValues {
  enum class Type { kBoolean, kBigint, kDouble, kDate, kTimestamp, kDecimal, kVarchar };
  Type type = Type::kVarchar;
  uint8_t decimal_width = 18;
  uint8_t decimal_scale = 0;
  std::vector<int64_t> ints;
  std::vector<double> doubles;
  std::vector<std::string_view> texts;
  std::vector<uint8_t> is_null;

  size_t size() const { return is_null.size(); }
  void Reserve(size_t n);
  void Clear();
  // Drops rows from `n` on (n <= size()).
  void Truncate(size_t n);
  void AppendNull();
  void AppendInt(int64_t v);
  void AppendDouble(double v);
  void AppendText(std::string_view v);
  // Row `row` as a Value, for engines without a columnar path.
  Value ValueAt(size_t row) const;
};

}  // namespace ecomdw::warehouse
