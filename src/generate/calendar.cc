#include "generate/calendar.h"

#include <fmt/format.h>

#include <cmath>

#include "warehouse/value.h"

namespace ecomdw::generate {
namespace {

void Civil(int32_t day, int* y, unsigned* m, unsigned* d) {
  warehouse::CivilFromDate(warehouse::Date{day}, y, m, d);
}

// Black Friday: the day after the 4th Thursday of November.
int32_t BlackFriday(int year) {
  int32_t nov1 = warehouse::DateFromCivil(year, 11, 1).days;
  int wd = Weekday(nov1);                  // 0 = Monday
  int first_thursday = nov1 + ((3 - wd + 7) % 7);
  return first_thursday + 21 + 1;
}

}  // namespace

Result<int32_t> ParseDate(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
    return Status::InvalidArgument("date \"{}\": expected YYYY-MM-DD", text);
  }
  int32_t day = warehouse::DateFromCivil(y, m, d).days;
  if (FormatDate(day) != text) return Status::InvalidArgument("date \"{}\" does not exist", text);
  return day;
}

std::string FormatDate(int32_t day) {
  int y;
  unsigned m, d;
  Civil(day, &y, &m, &d);
  return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

static std::string FormatTs(int64_t ts, char sep, const char* suffix) {
  int64_t day = ts >= 0 ? ts / kSecondsPerDay : -((-ts + kSecondsPerDay - 1) / kSecondsPerDay);
  int64_t s = ts - day * kSecondsPerDay;
  int y;
  unsigned m, d;
  Civil(static_cast<int32_t>(day), &y, &m, &d);
  return fmt::format("{:04d}-{:02d}-{:02d}{}{:02d}:{:02d}:{:02d}{}", y, m, d, sep, s / 3600, s / 60 % 60,
                     s % 60, suffix);
}

std::string FormatTsIso(int64_t ts) { return FormatTs(ts, 'T', "Z"); }
std::string FormatTsSpace(int64_t ts) { return FormatTs(ts, ' ', ""); }

int DayOfMonth(int32_t day) {
  int y;
  unsigned m, d;
  Civil(day, &y, &m, &d);
  return static_cast<int>(d);
}

int Weekday(int32_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }

double DemandFactor(int32_t day) {
  static constexpr double kMonth[12] = {0.86, 0.80, 0.90, 0.93, 0.96, 0.92,
                                        0.90, 0.94, 0.97, 1.02, 1.30, 1.40};
  static constexpr double kWeekday[7] = {1.06, 1.02, 1.00, 0.99, 0.96, 0.93, 1.04};
  int y;
  unsigned m, d;
  Civil(day, &y, &m, &d);
  double f = kMonth[m - 1] * kWeekday[Weekday(day)];
  int32_t bf = BlackFriday(y);
  if (day == bf) f *= 2.4;
  if (day == bf + 3) f *= 1.9;                  // Cyber Monday
  if (day > bf && day < bf + 3) f *= 1.3;       // the weekend between
  if (m == 12 && d >= 24 && d <= 26) f *= 0.6;  // Christmas lull
  if (m == 1 && d == 1) f *= 0.7;
  return f;
}

int64_t SampleTimeOfDay(Rng& rng) {
  // Hourly weights: quiet night, lunch bump, evening peak.
  static constexpr double kHour[24] = {1.0, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.4, 2.0, 2.4, 2.6, 2.8,
                                       3.2, 3.0, 2.7, 2.6, 2.7, 3.0, 3.6, 4.2, 4.5, 4.0, 3.0, 1.8};
  size_t h = rng.Weighted(kHour, 24);
  return static_cast<int64_t>(h) * 3600 + rng.Range(0, 3599);
}

}  // namespace ecomdw::generate
