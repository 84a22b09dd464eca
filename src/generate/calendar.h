// Calendar helpers for the generator: day numbers, date and timestamp text,
// and the demand curve (season, weekday, time of day).
//
// A "day" is days since 1970-01-01 (UTC); a timestamp is seconds since the
// epoch (UTC). The demand curve depends only on the calendar date, never on
// the run's length.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "generate/rng.h"

namespace ecomdw::generate {

inline constexpr int64_t kSecondsPerDay = 86400;

// Parses "YYYY-MM-DD" (a real calendar date) into a day number.
Result<int32_t> ParseDate(const std::string& text);
std::string FormatDate(int32_t day);              // YYYY-MM-DD
std::string FormatTsIso(int64_t ts);              // YYYY-MM-DDTHH:MM:SSZ
std::string FormatTsSpace(int64_t ts);            // YYYY-MM-DD HH:MM:SS
int DayOfMonth(int32_t day);
int Weekday(int32_t day);  // 0 = Monday … 6 = Sunday

// Relative order volume of a calendar day (season × weekday × holidays);
// averages about 1.0 over a year.
double DemandFactor(int32_t day);

// A time of day in seconds [0, 86400) following the shoppers' daily curve.
int64_t SampleTimeOfDay(Rng& rng);

}  // namespace ecomdw::generate
