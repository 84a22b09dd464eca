#include "warehouse/value.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

namespace ecomdw::warehouse {

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
Date DateFromCivil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + static_cast<int>(doe) - 719468};
}

std::optional<Date> CheckedDateFromCivil(int year, int month, int day) {
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  return DateFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

void CivilFromDate(Date d, int* year, unsigned* month, unsigned* day) {
  int z = d.days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (*month <= 2);
}

Timestamp NowTimestamp() {
  return Timestamp{std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count()};
}

std::string Decimal::ToString() const {
  uint64_t magnitude = unscaled < 0 ? 0 - static_cast<uint64_t>(unscaled) : static_cast<uint64_t>(unscaled);
  uint64_t pow10 = 1;
  for (int i = 0; i < scale; ++i) pow10 *= 10;
  std::string out = unscaled < 0 ? "-" : "";
  out += std::to_string(magnitude / pow10);
  if (scale > 0) out += fmt::format(".{:0{}}", magnitude % pow10, static_cast<int>(scale));
  return out;
}

std::string ValueToString(const Value& v) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return fmt::format("{}", d); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(Date d) const {
      int y;
      unsigned m, day;
      CivilFromDate(d, &y, &m, &day);
      return fmt::format("{:04}-{:02}-{:02}", y, m, day);
    }
    std::string operator()(Timestamp t) const {
      int64_t days = t.micros / 86'400'000'000LL;
      int64_t rem = t.micros % 86'400'000'000LL;
      if (rem < 0) {
        rem += 86'400'000'000LL;
        --days;
      }
      std::string out = (*this)(Date{static_cast<int32_t>(days)});
      int64_t secs = rem / 1'000'000, micros = rem % 1'000'000;
      out += fmt::format(" {:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
      if (micros) out += fmt::format(".{:06}", micros);
      return out;
    }
    std::string operator()(const Decimal& d) const { return d.ToString(); }
    std::string operator()(const Blob& b) const { return fmt::format("<blob {} bytes>", b.bytes.size()); }
  };
  return std::visit(Visitor{}, v);
}

}  // namespace ecomdw::warehouse
