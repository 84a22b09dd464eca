#include "warehouse/duckdb/duckdb_convert.h"

#include <cstring>
#include <string>

#include "warehouse/duckdb/handles.h"

namespace ecomdw::warehouse::duckdb_internal {
namespace {

duckdb_decimal ToDuckDecimal(const Decimal& d) {
  duckdb_decimal out;
  out.width = d.width;
  out.scale = d.scale;
  out.value.lower = static_cast<uint64_t>(d.unscaled);
  out.value.upper = d.unscaled < 0 ? -1 : 0;
  return out;
}

}  // namespace

Status BindValue(duckdb_prepared_statement stmt, idx_t index, const Value& v) {
  duckdb_state st = DuckDBError;
  if (std::holds_alternative<std::monostate>(v)) {
    st = duckdb_bind_null(stmt, index);
  } else if (auto* b = std::get_if<bool>(&v)) {
    st = duckdb_bind_boolean(stmt, index, *b);
  } else if (auto* i = std::get_if<int64_t>(&v)) {
    st = duckdb_bind_int64(stmt, index, *i);
  } else if (auto* d = std::get_if<double>(&v)) {
    st = duckdb_bind_double(stmt, index, *d);
  } else if (auto* s = std::get_if<std::string>(&v)) {
    st = duckdb_bind_varchar_length(stmt, index, s->data(), s->size());
  } else if (auto* date = std::get_if<Date>(&v)) {
    st = duckdb_bind_date(stmt, index, duckdb_date{date->days});
  } else if (auto* ts = std::get_if<Timestamp>(&v)) {
    st = duckdb_bind_timestamp(stmt, index, duckdb_timestamp{ts->micros});
  } else if (auto* dec = std::get_if<Decimal>(&v)) {
    st = duckdb_bind_decimal(stmt, index, ToDuckDecimal(*dec));
  } else if (auto* blob = std::get_if<Blob>(&v)) {
    st = duckdb_bind_blob(stmt, index, blob->bytes.data(), blob->bytes.size());
  }
  if (st != DuckDBSuccess) {
    const char* err = duckdb_prepare_error(stmt);
    return Status::InvalidArgument("cannot bind parameter ${} ({}): {}", index, ValueToString(v),
                                   err ? err : "type mismatch");
  }
  return Status::OK();
}

Status AppendValue(duckdb_appender appender, const Value& v) {
  duckdb_state st = DuckDBError;
  if (std::holds_alternative<std::monostate>(v)) {
    st = duckdb_append_null(appender);
  } else if (auto* b = std::get_if<bool>(&v)) {
    st = duckdb_append_bool(appender, *b);
  } else if (auto* i = std::get_if<int64_t>(&v)) {
    st = duckdb_append_int64(appender, *i);
  } else if (auto* d = std::get_if<double>(&v)) {
    st = duckdb_append_double(appender, *d);
  } else if (auto* s = std::get_if<std::string>(&v)) {
    st = duckdb_append_varchar_length(appender, s->data(), s->size());
  } else if (auto* date = std::get_if<Date>(&v)) {
    st = duckdb_append_date(appender, duckdb_date{date->days});
  } else if (auto* ts = std::get_if<Timestamp>(&v)) {
    st = duckdb_append_timestamp(appender, duckdb_timestamp{ts->micros});
  } else if (auto* dec = std::get_if<Decimal>(&v)) {
    ValueHandle value(duckdb_create_decimal(ToDuckDecimal(*dec)));
    st = duckdb_append_value(appender, value.get());
  } else if (auto* blob = std::get_if<Blob>(&v)) {
    st = duckdb_append_blob(appender, blob->bytes.data(), blob->bytes.size());
  }
  if (st != DuckDBSuccess) {
    const char* err = duckdb_appender_error(appender);
    return Status::InvalidArgument("cannot append {}: {}", ValueToString(v), err ? err : "unknown error");
  }
  return Status::OK();
}

namespace {

template <typename T>
T At(duckdb_vector vector, idx_t row) {
  return static_cast<const T*>(duckdb_vector_get_data(vector))[row];
}

Decimal ReadDecimal(duckdb_vector vector, duckdb_logical_type type, idx_t row, bool* fits) {
  Decimal d;
  d.width = duckdb_decimal_width(type);
  d.scale = duckdb_decimal_scale(type);
  *fits = true;
  switch (duckdb_decimal_internal_type(type)) {
    case DUCKDB_TYPE_SMALLINT: d.unscaled = At<int16_t>(vector, row); break;
    case DUCKDB_TYPE_INTEGER: d.unscaled = At<int32_t>(vector, row); break;
    case DUCKDB_TYPE_BIGINT: d.unscaled = At<int64_t>(vector, row); break;
    default: {
      duckdb_hugeint h = At<duckdb_hugeint>(vector, row);
      // Fits in int64 when the upper word is the sign extension of lower.
      int64_t lower = static_cast<int64_t>(h.lower);
      *fits = (h.upper == 0 && lower >= 0) || (h.upper == -1 && lower < 0);
      d.unscaled = lower;
      if (d.width > 18) d.width = 18;
    }
  }
  return d;
}

}  // namespace

Status ReadVectorValue(duckdb_vector vector, duckdb_logical_type type, idx_t row,
                       const char* column_name, Value* out) {
  uint64_t* validity = duckdb_vector_get_validity(vector);
  if (validity && !duckdb_validity_row_is_valid(validity, row)) {
    *out = std::monostate{};
    return Status::OK();
  }
  duckdb_type id = duckdb_get_type_id(type);
  switch (id) {
    case DUCKDB_TYPE_BOOLEAN: *out = At<bool>(vector, row); break;
    case DUCKDB_TYPE_TINYINT: *out = int64_t{At<int8_t>(vector, row)}; break;
    case DUCKDB_TYPE_SMALLINT: *out = int64_t{At<int16_t>(vector, row)}; break;
    case DUCKDB_TYPE_INTEGER: *out = int64_t{At<int32_t>(vector, row)}; break;
    case DUCKDB_TYPE_BIGINT: *out = At<int64_t>(vector, row); break;
    case DUCKDB_TYPE_UTINYINT: *out = int64_t{At<uint8_t>(vector, row)}; break;
    case DUCKDB_TYPE_USMALLINT: *out = int64_t{At<uint16_t>(vector, row)}; break;
    case DUCKDB_TYPE_UINTEGER: *out = int64_t{At<uint32_t>(vector, row)}; break;
    case DUCKDB_TYPE_UBIGINT: {
      uint64_t u = At<uint64_t>(vector, row);
      if (u > static_cast<uint64_t>(INT64_MAX)) {
        return Status::InvalidArgument("column \"{}\": UBIGINT {} does not fit BIGINT", column_name, u);
      }
      *out = static_cast<int64_t>(u);
      break;
    }
    case DUCKDB_TYPE_HUGEINT: {
      duckdb_hugeint h = At<duckdb_hugeint>(vector, row);
      int64_t lower = static_cast<int64_t>(h.lower);
      if (!((h.upper == 0 && lower >= 0) || (h.upper == -1 && lower < 0))) {
        return Status::InvalidArgument("column \"{}\": HUGEINT does not fit BIGINT; cast it in SQL",
                                       column_name);
      }
      *out = lower;
      break;
    }
    case DUCKDB_TYPE_FLOAT: *out = double{At<float>(vector, row)}; break;
    case DUCKDB_TYPE_DOUBLE: *out = At<double>(vector, row); break;
    case DUCKDB_TYPE_DECIMAL: {
      bool fits;
      Decimal d = ReadDecimal(vector, type, row, &fits);
      if (!fits) {
        return Status::InvalidArgument("column \"{}\": DECIMAL wider than 18 digits; cast it in SQL",
                                       column_name);
      }
      *out = d;
      break;
    }
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_BLOB: {
      duckdb_string_t s = At<duckdb_string_t>(vector, row);
      const char* data = duckdb_string_t_data(&s);
      std::string bytes(data, duckdb_string_t_length(s));
      if (id == DUCKDB_TYPE_BLOB) {
        *out = Blob{std::move(bytes)};
      } else {
        *out = std::move(bytes);
      }
      break;
    }
    case DUCKDB_TYPE_DATE: *out = Date{At<duckdb_date>(vector, row).days}; break;
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ: *out = Timestamp{At<duckdb_timestamp>(vector, row).micros}; break;
    case DUCKDB_TYPE_TIMESTAMP_S: *out = Timestamp{At<int64_t>(vector, row) * 1'000'000}; break;
    case DUCKDB_TYPE_TIMESTAMP_MS: *out = Timestamp{At<int64_t>(vector, row) * 1'000}; break;
    default:
      return Status::InvalidArgument(
          "column \"{}\": DuckDB type id {} has no ecomdw Value mapping; cast it in SQL (e.g. ::VARCHAR)",
          column_name, static_cast<int>(id));
  }
  return Status::OK();
}

}  // namespace ecomdw::warehouse::duckdb_internal
