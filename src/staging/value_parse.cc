#include "staging/value_parse.h"

#include <charconv>
#include <limits>

#include <fmt/format.h>

#include "warehouse/value.h"

namespace ecomdw::staging {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != b[i]) return false;
  }
  return true;
}

// Reads 1..max_digits digits at *pos into *value.
bool ReadNumber(std::string_view s, size_t* pos, int min_digits, int max_digits, int* value) {
  int n = 0, v = 0;
  while (*pos < s.size() && IsDigit(s[*pos]) && n < max_digits) {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
    ++n;
  }
  if (n < min_digits) return false;
  *value = v;
  return true;
}

bool DateAt(std::string_view s, size_t* pos, int32_t* days) {
  int y, m, d;
  if (!ReadNumber(s, pos, 4, 4, &y)) return false;
  if (*pos >= s.size() || s[*pos] != '-') return false;
  ++*pos;
  if (!ReadNumber(s, pos, 1, 2, &m)) return false;
  if (*pos >= s.size() || s[*pos] != '-') return false;
  ++*pos;
  if (!ReadNumber(s, pos, 1, 2, &d)) return false;
  const std::optional<warehouse::Date> date = warehouse::CheckedDateFromCivil(y, m, d);
  if (!date) return false;
  *days = date->days;
  return true;
}

bool ParseTimestamp(std::string_view s, int64_t* micros) {
  size_t pos = 0;
  int32_t days;
  if (!DateAt(s, &pos, &days)) return false;
  int64_t us = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    ++pos;
    int hh, mm, ss = 0;
    if (!ReadNumber(s, &pos, 2, 2, &hh)) return false;
    if (pos >= s.size() || s[pos] != ':') return false;
    ++pos;
    if (!ReadNumber(s, &pos, 2, 2, &mm)) return false;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!ReadNumber(s, &pos, 2, 2, &ss)) return false;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int64_t frac = 0, scale = 100000;
        size_t start = pos;
        while (pos < s.size() && IsDigit(s[pos])) {
          if (scale > 0) frac += (s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return false;
        us += frac;
      }
    }
    if (hh > 23 || mm > 59 || ss > 59) return false;
    us += ((hh * 60 + mm) * 60 + ss) * int64_t{1'000'000};
    // Offset: Z, ±HH, ±HH:MM, ±HHMM; applied so the value is UTC.
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
      ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
      const int sign = s[pos] == '+' ? 1 : -1;
      ++pos;
      int oh, om = 0;
      if (!ReadNumber(s, &pos, 2, 2, &oh)) return false;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (pos < s.size() && IsDigit(s[pos]) && !ReadNumber(s, &pos, 2, 2, &om)) return false;
      if (oh > 23 || om > 59) return false;
      us -= sign * (oh * 60 + om) * int64_t{60'000'000};
    }
  }
  if (pos != s.size()) return false;
  *micros = days * int64_t{86'400'000'000} + us;
  return true;
}

bool ParseInteger(std::string_view s, int64_t* out) {
  // An exact integer may be written with a zero fraction ("3.00").
  size_t dot = s.find('.');
  if (dot != std::string_view::npos) {
    for (size_t i = dot + 1; i < s.size(); ++i) {
      if (s[i] != '0') return false;
    }
    s = s.substr(0, dot);
  }
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() || s == "-") return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

// DECIMAL(precision, scale) into an unscaled int64; false with *why.
bool ParseDecimal(std::string_view s, int precision, int scale, int64_t* out, std::string* why) {
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  size_t dot = s.find('.');
  std::string_view int_part = s.substr(0, dot);
  std::string_view frac_part = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (int_part.empty() && frac_part.empty()) return false;
  for (char c : int_part) {
    if (!IsDigit(c)) return false;
  }
  for (char c : frac_part) {
    if (!IsDigit(c)) return false;
  }
  while (int_part.size() > 1 && int_part.front() == '0') int_part.remove_prefix(1);
  if (int_part == "0") int_part = {};
  size_t kept = frac_part.size();
  while (kept > static_cast<size_t>(scale) && frac_part[kept - 1] == '0') --kept;
  if (kept > static_cast<size_t>(scale)) {
    *why = fmt::format("{} decimals, DECIMAL({},{}) keeps {}", kept, precision, scale, scale);
    return false;
  }
  if (int_part.size() > static_cast<size_t>(precision - scale)) {
    *why = fmt::format("{} integer digits, DECIMAL({},{}) holds {}", int_part.size(), precision, scale,
                       precision - scale);
    return false;
  }
  if (int_part.size() + static_cast<size_t>(scale) > 18) {
    *why = "more than 18 significant digits, beyond what the loader types";
    return false;
  }
  int64_t v = 0;
  for (char c : int_part) v = v * 10 + (c - '0');
  for (int i = 0; i < scale; ++i) v = v * 10 + (static_cast<size_t>(i) < kept ? frac_part[i] - '0' : 0);
  *out = negative ? -v : v;
  return true;
}

bool InRange(int64_t v, SqlType::Kind k) {
  switch (k) {
    case SqlType::Kind::kSmallint: return v >= std::numeric_limits<int16_t>::min() && v <= std::numeric_limits<int16_t>::max();
    case SqlType::Kind::kInteger: return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
    default: return true;
  }
}

}  // namespace

bool ParseIsoDate(std::string_view text, int32_t* days) {
  size_t pos = 0;
  return DateAt(text, &pos, days) && pos == text.size();
}

bool ParseTypedValue(const SqlType& type, std::string_view text, int64_t* out, double* out_double, std::string* why) {
  std::string_view s = Trim(text);
  switch (type.kind) {
    case SqlType::Kind::kBoolean:
      if (EqualsNoCase(s, "true") || EqualsNoCase(s, "t") || EqualsNoCase(s, "yes") || EqualsNoCase(s, "y") || s == "1") {
        *out = 1;
        return true;
      }
      if (EqualsNoCase(s, "false") || EqualsNoCase(s, "f") || EqualsNoCase(s, "no") || EqualsNoCase(s, "n") || s == "0") {
        *out = 0;
        return true;
      }
      return false;
    case SqlType::Kind::kSmallint:
    case SqlType::Kind::kInteger:
    case SqlType::Kind::kBigint:
      if (!ParseInteger(s, out)) return false;
      if (!InRange(*out, type.kind)) {
        *why = "out of range";
        return false;
      }
      return true;
    case SqlType::Kind::kDouble: {
      if (!s.empty() && s.front() == '+') s.remove_prefix(1);
      if (s.empty()) return false;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out_double);
      return ec == std::errc() && end == s.data() + s.size();
    }
    case SqlType::Kind::kDate: {
      int32_t days;
      if (!ParseIsoDate(s, &days)) return false;
      *out = days;
      return true;
    }
    case SqlType::Kind::kTimestamp:
    case SqlType::Kind::kTimestampTz:
      return ParseTimestamp(s, out);
    case SqlType::Kind::kDecimal:
      return ParseDecimal(s, type.precision, type.scale, out, why);
    case SqlType::Kind::kVarchar:
      break;
  }
  return false;
}

}  // namespace ecomdw::staging
