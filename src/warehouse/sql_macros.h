// The dialect macros of model SQL: the few things the project's models need
// that DuckDB and PostgreSQL spell differently, written once as
// `{{ name(arg, …) }}` and expanded per engine before the SQL runs.
//
//   {{ surrogate_key(a, b, …) }}   BIGINT: the first 60 bits of md5 of the
//                                  arguments as text joined by '|' (the same
//                                  integer on every engine)
//   {{ hash_hex(x) }}              md5 of x as text, 32 lower-case hex digits
//   {{ date_spine(start, end) }}   a FROM item: one TIMESTAMP row per day from
//                                  start to end inclusive (alias it: AS g(ts))
//   {{ month_name(d) }}            'January' .. 'December' (English)
//   {{ day_name(d) }}              'Monday' .. 'Sunday' (English)
//   {{ day_of_week(d) }}           INTEGER, ISO: 1 = Monday .. 7 = Sunday
//   {{ month_start(d) }}           DATE: the first day of d's month
//   {{ format_date(d, '%Y-%m') }}  VARCHAR; the format a string literal of
//                                  %Y %m %d %H %M %S %B %A %% and plain text
//
// Parsing is strict: an unknown macro, a wrong number of arguments, an
// unclosed `{{` or a macro inside a macro is an InvalidArgument naming the
// file and line. Text inside string literals, quoted identifiers and comments
// is never expanded. Arguments are SQL expressions, split at top-level commas.
// docs/models.md lists every macro's DuckDB and PostgreSQL expansion.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace ecomdw::warehouse {

// One piece of a format_date format: a field (a strftime letter such as 'Y')
// or literal text.
struct DateFormatPart {
  char field = 0;       // 'Y','m','d','H','M','S','B','A'; 0 for literal text
  std::string literal;  // when field == 0
};

// How one engine spells each macro. Arguments arrive as the SQL text the
// model wrote (trimmed); implementations only wrap them, never parse them.
class SqlDialect {
 public:
  virtual ~SqlDialect() = default;
  virtual std::string_view name() const = 0;  // Warehouse::dialect()
  // `text`: a VARCHAR expression; the result: BIGINT of md5(text)'s first
  // 15 hex digits (60 bits, never negative).
  virtual std::string SurrogateKeyOfText(const std::string& text) const = 0;
  // The portable spellings (the same SQL on DuckDB and PostgreSQL) are the
  // defaults; an engine overrides only what it spells differently, so the
  // dialect difference is exactly the overrides.
  virtual std::string HashHex(const std::string& text) const { return "md5(" + text + ")"; }
  virtual std::string DateSpine(const std::string& start, const std::string& end) const {
    return "generate_series(CAST(" + start + " AS TIMESTAMP), CAST(" + end + " AS TIMESTAMP), INTERVAL '1 day')";
  }
  virtual std::string MonthName(const std::string& d) const = 0;
  virtual std::string DayName(const std::string& d) const = 0;
  virtual std::string DayOfWeek(const std::string& d) const {
    return "CAST(extract(isodow FROM " + d + ") AS INTEGER)";
  }
  virtual std::string MonthStart(const std::string& d) const = 0;
  virtual std::string FormatDate(const std::string& d, const std::vector<DateFormatPart>& format) const = 0;
};

// `sql` with every macro expanded for `dialect`. `file` names the source in
// messages ("models/core/dim_date.sql"); line numbers count from 1.
Result<std::string> ExpandMacros(std::string_view sql, std::string_view file, const SqlDialect& dialect);

// The macro names, for messages and docs.
const std::vector<std::string>& MacroNames();

}  // namespace ecomdw::warehouse
