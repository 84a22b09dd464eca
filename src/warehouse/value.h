// Value: one SQL value crossing the Warehouse interface, engine-neutral.
//
// Used for bound parameters, bulk-append rows and query results. Dates are
// days since 1970-01-01, timestamps microseconds since the epoch (UTC),
// decimals an unscaled 64-bit integer with width <= 18 and a scale.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ecomdw::warehouse {

struct Date {
  int32_t days = 0;  // since 1970-01-01
  bool operator==(const Date&) const = default;
};

struct Timestamp {
  int64_t micros = 0;  // since 1970-01-01 00:00:00 UTC
  bool operator==(const Timestamp&) const = default;
};

struct Decimal {
  int64_t unscaled = 0;
  uint8_t width = 18;  // 1..18
  uint8_t scale = 2;
  bool operator==(const Decimal&) const = default;
  std::string ToString() const;  // "-12.34"
};

struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// monostate is SQL NULL.
using Value = std::variant<std::monostate, bool, int64_t, double, std::string, Date, Timestamp,
                           Decimal, Blob>;

inline bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// Text for messages and CLI output: NULL prints as "NULL", dates as
// YYYY-MM-DD, timestamps as YYYY-MM-DD HH:MM:SS[.ffffff].
std::string ValueToString(const Value& v);

// Civil date conversions (proleptic Gregorian), exact for any int32 day.
Date DateFromCivil(int year, unsigned month, unsigned day);
// The date of year-month-day when that day exists (month 1..12, day within
// the month, leap years by the Gregorian rule); nullopt otherwise. The one
// calendar check every parser of dates uses.
std::optional<Date> CheckedDateFromCivil(int year, int month, int day);
void CivilFromDate(Date d, int* year, unsigned* month, unsigned* day);

// The current time as a Timestamp (system clock, UTC), for audit columns.
Timestamp NowTimestamp();

using Row = std::vector<Value>;

// A fully materialized result. Large results should be read with
// Warehouse::QueryEach instead.
struct QueryResult {
  std::vector<std::string> column_names;
  std::vector<Row> rows;

  // REQUIRES: the result has at least one row and one column.
  const Value& Scalar() const { return rows.at(0).at(0); }
};

}  // namespace ecomdw::warehouse
