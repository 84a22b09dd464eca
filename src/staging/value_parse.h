// Text to typed values, the loader's only typing step for CSV and JSON.
//
// Every value arrives as text (a CSV field, a JSON string, or a JSON number,
// boolean or object as written) and is parsed against its contract type into
// the physical form ColumnValues holds. A value that does not fit its type
// is refused with a reason, never coerced: an integer column takes no
// fraction, a DECIMAL(p,s) column takes no more than s decimals (trailing
// zeros excepted) and no more than p - s integer digits, a DATE is a real
// calendar day. Accepted spellings (blanks around a non-text value allowed):
//   BOOLEAN     true false t f yes no y n 1 0, any case
//   integers    [+-]digits, or digits.000… (an exact integer)
//   DECIMAL     [+-]digits[.digits]   (no exponent)
//   DOUBLE      what std::from_chars reads (incl. exponent, inf, nan)
//   DATE        YYYY-M[M]-D[D]
//   TIMESTAMP   a DATE, optionally [T| ]HH:MM[:SS[.fraction]] and an offset
//               Z | ±HH | ±HH:MM | ±HHMM; an offset is applied, so the value
//               is UTC; fractions below a microsecond are cut
//   TIMESTAMPTZ the same, stored as UTC
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/sql_type.h"

namespace ecomdw::staging {

// Parses `text` (non-empty) as `type`. On success sets *out (integers and
// booleans as is, DATE days, TIMESTAMP micros, DECIMAL unscaled at the
// type's scale) or *out_double (DOUBLE) and returns true; otherwise returns
// false with *why saying what is wrong, e.g. "3 decimals, DECIMAL(12,2)
// keeps 2". REQUIRES: type.kind is not kVarchar.
bool ParseTypedValue(const SqlType& type, std::string_view text, int64_t* out, double* out_double, std::string* why);

// Days since 1970-01-01 for a valid civil date, else false.
bool ParseIsoDate(std::string_view text, int32_t* days);

}  // namespace ecomdw::staging
