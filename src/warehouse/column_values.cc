#include "warehouse/column_values.h"

#include <string>

namespace ecomdw::warehouse {

void ColumnValues::Reserve(size_t n) {
  is_null.reserve(n);
  if (type == Type::kDouble) {
    doubles.reserve(n);
  } else if (type == Type::kVarchar) {
    texts.reserve(n);
  } else {
    ints.reserve(n);
  }
}

void ColumnValues::Clear() { Truncate(0); }

void ColumnValues::Truncate(size_t n) {
  is_null.resize(n);
  if (type == Type::kDouble) {
    doubles.resize(n);
  } else if (type == Type::kVarchar) {
    texts.resize(n);
  } else {
    ints.resize(n);
  }
}

void ColumnValues::AppendNull() {
  is_null.push_back(1);
  if (type == Type::kDouble) {
    doubles.push_back(0);
  } else if (type == Type::kVarchar) {
    texts.emplace_back();
  } else {
    ints.push_back(0);
  }
}

void ColumnValues::AppendInt(int64_t v) {
  is_null.push_back(0);
  ints.push_back(v);
}

void ColumnValues::AppendDouble(double v) {
  is_null.push_back(0);
  doubles.push_back(v);
}

void ColumnValues::AppendText(std::string_view v) {
  is_null.push_back(0);
  texts.push_back(v);
}

Value ColumnValues::ValueAt(size_t row) const {
  if (is_null[row]) return std::monostate{};
  switch (type) {
    case Type::kBoolean: return ints[row] != 0;
    case Type::kBigint: return ints[row];
    case Type::kDouble: return doubles[row];
    case Type::kDate: return Date{static_cast<int32_t>(ints[row])};
    case Type::kTimestamp: return Timestamp{ints[row]};
    case Type::kDecimal: return Decimal{ints[row], decimal_width, decimal_scale};
    case Type::kVarchar: return std::string(texts[row]);
  }
  return std::monostate{};
}

}  // namespace ecomdw::warehouse
