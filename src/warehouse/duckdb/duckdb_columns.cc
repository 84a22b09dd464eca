#include "warehouse/duckdb/duckdb_columns.h"

#include <fmt/format.h>

#include <algorithm>

#include "warehouse/duckdb/handles.h"

namespace ecomdw::warehouse::duckdb_internal {
namespace {

using Type = ColumnValues::Type;

template <typename T>
void CopyInts(const ColumnValues& c, size_t from, size_t n, void* out, int64_t multiplier = 1) {
  T* data = static_cast<T*>(out);
  for (size_t r = 0; r < n; ++r) data[r] = static_cast<T>(c.ints[from + r] * multiplier);
}

int64_t Pow10(int n) {
  int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Fills rows [from, from + n) of `c` into `vec` of logical type `type`.
Status FillVector(duckdb_vector vec, duckdb_logical_type type, const ColumnValues& c, size_t from, size_t n) {
  const duckdb_type id = duckdb_get_type_id(type);
  void* out = duckdb_vector_get_data(vec);
  const bool ints = c.type != Type::kDouble && c.type != Type::kVarchar;
  auto mismatch = [&]() {
    return Status::InvalidArgument("column of kind {} cannot fill a DuckDB column of type id {}",
                                   static_cast<int>(c.type), static_cast<int>(id));
  };
  switch (id) {
    case DUCKDB_TYPE_BOOLEAN: {
      if (!ints) return mismatch();
      bool* data = static_cast<bool*>(out);
      for (size_t r = 0; r < n; ++r) data[r] = c.ints[from + r] != 0;
      break;
    }
    case DUCKDB_TYPE_TINYINT: if (!ints) return mismatch(); CopyInts<int8_t>(c, from, n, out); break;
    case DUCKDB_TYPE_SMALLINT: if (!ints) return mismatch(); CopyInts<int16_t>(c, from, n, out); break;
    case DUCKDB_TYPE_INTEGER: if (!ints) return mismatch(); CopyInts<int32_t>(c, from, n, out); break;
    case DUCKDB_TYPE_BIGINT: if (!ints) return mismatch(); CopyInts<int64_t>(c, from, n, out); break;
    case DUCKDB_TYPE_UTINYINT: if (!ints) return mismatch(); CopyInts<uint8_t>(c, from, n, out); break;
    case DUCKDB_TYPE_USMALLINT: if (!ints) return mismatch(); CopyInts<uint16_t>(c, from, n, out); break;
    case DUCKDB_TYPE_UINTEGER: if (!ints) return mismatch(); CopyInts<uint32_t>(c, from, n, out); break;
    case DUCKDB_TYPE_UBIGINT: if (!ints) return mismatch(); CopyInts<uint64_t>(c, from, n, out); break;
    case DUCKDB_TYPE_DATE: {
      if (c.type != Type::kDate) return mismatch();
      CopyInts<int32_t>(c, from, n, out);
      break;
    }
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ: {
      if (c.type != Type::kTimestamp) return mismatch();
      CopyInts<int64_t>(c, from, n, out);
      break;
    }
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_FLOAT: {
      if (!ints && c.type != Type::kDouble) return mismatch();
      double* d = id == DUCKDB_TYPE_DOUBLE ? static_cast<double*>(out) : nullptr;
      float* f = id == DUCKDB_TYPE_FLOAT ? static_cast<float*>(out) : nullptr;
      for (size_t r = 0; r < n; ++r) {
        double v = c.type == Type::kDouble ? c.doubles[from + r] : static_cast<double>(c.ints[from + r]);
        if (d) d[r] = v; else f[r] = static_cast<float>(v);
      }
      break;
    }
    case DUCKDB_TYPE_DECIMAL: {
      if (c.type != Type::kDecimal && c.type != Type::kBigint) return mismatch();
      const int target_scale = duckdb_decimal_scale(type);
      const int source_scale = c.type == Type::kDecimal ? c.decimal_scale : 0;
      if (source_scale > target_scale) {
        return Status::InvalidArgument("DECIMAL at scale {} into a column of scale {} would round", source_scale,
                                       target_scale);
      }
      const int64_t mul = Pow10(target_scale - source_scale);
      switch (duckdb_decimal_internal_type(type)) {
        case DUCKDB_TYPE_SMALLINT: CopyInts<int16_t>(c, from, n, out, mul); break;
        case DUCKDB_TYPE_INTEGER: CopyInts<int32_t>(c, from, n, out, mul); break;
        case DUCKDB_TYPE_BIGINT: CopyInts<int64_t>(c, from, n, out, mul); break;
        default: {
          duckdb_hugeint* data = static_cast<duckdb_hugeint*>(out);
          for (size_t r = 0; r < n; ++r) {
            __int128 v = static_cast<__int128>(c.ints[from + r]) * mul;
            data[r].lower = static_cast<uint64_t>(v);
            data[r].upper = static_cast<int64_t>(v >> 64);
          }
        }
      }
      break;
    }
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_BLOB: {
      if (c.type != Type::kVarchar) return mismatch();
      for (size_t r = 0; r < n; ++r) {
        if (c.is_null[from + r]) continue;
        std::string_view s = c.texts[from + r];
        duckdb_vector_assign_string_element_len(vec, r, s.data(), s.size());
      }
      break;
    }
    default:
      return Status::InvalidArgument("DuckDB column type id {} has no columnar append", static_cast<int>(id));
  }
  bool any_null = false;
  for (size_t r = 0; r < n && !any_null; ++r) any_null = c.is_null[from + r] != 0;
  if (any_null) {
    duckdb_vector_ensure_validity_writable(vec);
    uint64_t* validity = duckdb_vector_get_validity(vec);
    for (size_t r = 0; r < n; ++r) duckdb_validity_set_row_validity(validity, r, c.is_null[from + r] == 0);
  }
  return Status::OK();
}

}  // namespace

Status AppendColumnChunks(duckdb_appender appender, const std::vector<const ColumnValues*>& columns, size_t rows,
                          const std::string& table) {
  const idx_t ncols = duckdb_appender_column_count(appender);
  if (ncols != columns.size()) {
    return Status::InvalidArgument("bulk append to {}: {} columns given, the table has {}", table, columns.size(),
                                   ncols);
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c]->size() < rows) {
      return Status::InvalidArgument("bulk append to {}: column {} has {} values, {} rows given", table, c + 1,
                                     columns[c]->size(), rows);
    }
  }
  std::vector<LogicalTypeHandle> owned;
  std::vector<duckdb_logical_type> types;
  for (idx_t c = 0; c < ncols; ++c) {
    owned.emplace_back(duckdb_appender_column_type(appender, c));
    types.push_back(owned.back().get());
  }
  const size_t block = duckdb_vector_size();
  for (size_t from = 0; from < rows; from += block) {
    const size_t n = std::min(block, rows - from);
    DataChunkHandle chunk(duckdb_create_data_chunk(types.data(), ncols));
    for (idx_t c = 0; c < ncols; ++c) {
      Status s = FillVector(duckdb_data_chunk_get_vector(chunk.get(), c), types[c], *columns[c], from, n);
      if (!s.ok()) return s.WithContext(fmt::format("bulk append to {} column {}", table, c + 1));
    }
    duckdb_data_chunk_set_size(chunk.get(), n);
    if (duckdb_append_data_chunk(appender, chunk.get()) != DuckDBSuccess) {
      const char* err = duckdb_appender_error(appender);
      return Status::InvalidArgument("bulk append to {} rows {}..{}: {}", table, from + 1, from + n,
                                     err ? err : "append failed");
    }
  }
  return Status::OK();
}

}  // namespace ecomdw::warehouse::duckdb_internal
