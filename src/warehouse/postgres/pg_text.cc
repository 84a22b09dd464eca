#include "warehouse/postgres/pg_text.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace ecomdw::warehouse::pg_internal {
namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000LL;

void AppendPadded(std::string* out, uint64_t v, int width) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  for (int pad = width - static_cast<int>(end - buf); pad > 0; --pad) out->push_back('0');
  out->append(buf, end);
}

// Reads an unsigned decimal run at *p; false when there is none.
bool Digits(std::string_view s, size_t* p, int64_t* v, int* ndigits = nullptr) {
  size_t start = *p;
  int64_t acc = 0;
  while (*p < s.size() && s[*p] >= '0' && s[*p] <= '9' && *p - start < 18) acc = acc * 10 + (s[(*p)++] - '0');
  if (ndigits) *ndigits = static_cast<int>(*p - start);
  *v = acc;
  return *p > start;
}

bool Expect(std::string_view s, size_t* p, char c) {
  if (*p < s.size() && s[*p] == c) {
    ++*p;
    return true;
  }
  return false;
}

// "YYYY-MM-DD" at the front of s; *p after it.
bool ParseCivil(std::string_view s, size_t* p, int64_t* year, int64_t* month, int64_t* day) {
  return Digits(s, p, year) && Expect(s, p, '-') && Digits(s, p, month) && Expect(s, p, '-') &&
         Digits(s, p, day) && *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31;
}

bool ParseBc(std::string_view s, size_t* p) {
  if (s.substr(*p) == " BC") {
    *p = s.size();
    return true;
  }
  return false;
}

Status Unparsable(const char* what, std::string_view text, const char* column) {
  return Status::DataError("postgres: column \"{}\": cannot read {} \"{}\" (cast it in SQL)", column, what, text);
}

Status ParseDate(std::string_view s, const char* column, Value* out) {
  size_t p = 0;
  int64_t y, m, d;
  if (!ParseCivil(s, &p, &y, &m, &d)) return Unparsable("date", s, column);
  if (ParseBc(s, &p)) y = 1 - y;
  if (p != s.size()) return Unparsable("date", s, column);
  *out = DateFromCivil(static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d));
  return Status::OK();
}

Status ParseTimestamp(std::string_view s, bool with_zone, const char* column, Value* out) {
  size_t p = 0;
  int64_t y, mo, d, hh, mi, ss, frac = 0;
  int frac_digits = 0;
  if (!ParseCivil(s, &p, &y, &mo, &d) || !Expect(s, &p, ' ') || !Digits(s, &p, &hh) || !Expect(s, &p, ':') ||
      !Digits(s, &p, &mi) || !Expect(s, &p, ':') || !Digits(s, &p, &ss)) {
    return Unparsable("timestamp", s, column);
  }
  if (Expect(s, &p, '.')) {
    if (!Digits(s, &p, &frac, &frac_digits) || frac_digits > 6) return Unparsable("timestamp", s, column);
    for (int i = frac_digits; i < 6; ++i) frac *= 10;
  }
  int64_t offset_seconds = 0;
  if (with_zone && p < s.size() && (s[p] == '+' || s[p] == '-')) {
    int sign = s[p++] == '-' ? -1 : 1;
    int64_t oh = 0, om = 0, os = 0;
    if (!Digits(s, &p, &oh)) return Unparsable("timestamp", s, column);
    if (Expect(s, &p, ':') && !Digits(s, &p, &om)) return Unparsable("timestamp", s, column);
    if (Expect(s, &p, ':') && !Digits(s, &p, &os)) return Unparsable("timestamp", s, column);
    offset_seconds = sign * (oh * 3600 + om * 60 + os);
  }
  if (ParseBc(s, &p)) y = 1 - y;
  if (p != s.size()) return Unparsable("timestamp", s, column);
  Date day = DateFromCivil(static_cast<int>(y), static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t secs = hh * 3600 + mi * 60 + ss - offset_seconds;
  *out = Timestamp{day.days * kMicrosPerDay + secs * 1'000'000 + frac};
  return Status::OK();
}

// numeric text ("-123.4500") into a Decimal. With a typmod the column's
// precision and scale are known (the text has exactly `scale` fraction
// digits); without one (sum(), avg(), unconstrained numeric) the scale is the
// text's, trailing fraction zeros dropped only when the value would not fit.
Status ParseNumeric(std::string_view s, int fmod, const char* column, Value* out) {
  bool negative = !s.empty() && s[0] == '-';
  std::string_view body = s.substr(negative ? 1 : 0);
  size_t dot = body.find('.');
  std::string_view whole = body.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : body.substr(dot + 1);
  auto all_digits = [](std::string_view d) {
    for (char c : d) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (whole.empty() || !all_digits(whole) || !all_digits(fraction)) {
    return Unparsable("numeric", s, column);  // NaN, Infinity
  }
  int width = 18;
  if (fmod >= 4) {
    int precision = ((fmod - 4) >> 16) & 0xffff;
    if (precision >= 1 && precision < 18) width = precision;
  }
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  auto unscaled_of = [&](std::string_view frac, __int128* v) {
    __int128 acc = 0;
    for (std::string_view part : {whole, frac}) {
      for (char c : part) {
        acc = acc * 10 + (c - '0');
        if (acc > INT64_MAX) return false;
      }
    }
    *v = negative ? -acc : acc;
    return true;
  };
  __int128 v;
  bool fits = unscaled_of(fraction, &v);
  if (!fits && fmod < 4) {
    while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
    fits = unscaled_of(fraction, &v);
  }
  if (!fits || fraction.size() > 18) {
    return Status::InvalidArgument("postgres: column \"{}\": numeric {} is wider than 18 digits; cast it in SQL",
                                   column, s);
  }
  *out = Decimal{static_cast<int64_t>(v), static_cast<uint8_t>(width), static_cast<uint8_t>(fraction.size())};
  return Status::OK();
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

unsigned ParamTypeOid(const Value& v) {
  struct Visitor {
    unsigned operator()(std::monostate) const { return 0; }
    unsigned operator()(bool) const { return kBoolOid; }
    unsigned operator()(int64_t) const { return kInt8Oid; }
    unsigned operator()(double) const { return kFloat8Oid; }
    unsigned operator()(const std::string&) const { return kTextOid; }
    unsigned operator()(Date) const { return kDateOid; }
    unsigned operator()(Timestamp) const { return kTimestampOid; }
    unsigned operator()(const Decimal&) const { return kNumericOid; }
    unsigned operator()(const Blob&) const { return kByteaOid; }
  };
  return std::visit(Visitor{}, v);
}

void AppendDate(int32_t days, std::string* out) {
  int y;
  unsigned m, d;
  CivilFromDate(Date{days}, &y, &m, &d);
  bool bc = y <= 0;  // year 0 is 1 BC
  AppendPadded(out, static_cast<uint64_t>(bc ? 1 - y : y), 4);
  out->push_back('-');
  AppendPadded(out, m, 2);
  out->push_back('-');
  AppendPadded(out, d, 2);
  if (bc) out->append(" BC");
}

void AppendTimestamp(int64_t micros, std::string* out) {
  int64_t days = micros / kMicrosPerDay, rem = micros % kMicrosPerDay;
  if (rem < 0) {
    rem += kMicrosPerDay;
    --days;
  }
  // The era suffix belongs at the very end: format the date, then move it.
  std::string date;
  AppendDate(static_cast<int32_t>(days), &date);
  bool bc = date.size() > 3 && date.compare(date.size() - 3, 3, " BC") == 0;
  if (bc) date.resize(date.size() - 3);
  out->append(date);
  int64_t secs = rem / 1'000'000, frac = rem % 1'000'000;
  out->push_back(' ');
  AppendPadded(out, static_cast<uint64_t>(secs / 3600), 2);
  out->push_back(':');
  AppendPadded(out, static_cast<uint64_t>(secs / 60 % 60), 2);
  out->push_back(':');
  AppendPadded(out, static_cast<uint64_t>(secs % 60), 2);
  if (frac) {
    out->push_back('.');
    AppendPadded(out, static_cast<uint64_t>(frac), 6);
  }
  if (bc) out->append(" BC");
}

void AppendDecimal(int64_t unscaled, int scale, std::string* out) {
  uint64_t magnitude = unscaled < 0 ? 0 - static_cast<uint64_t>(unscaled) : static_cast<uint64_t>(unscaled);
  uint64_t pow10 = 1;
  for (int i = 0; i < scale; ++i) pow10 *= 10;
  if (unscaled < 0) out->push_back('-');
  AppendPadded(out, magnitude / pow10, 1);
  if (scale > 0) {
    out->push_back('.');
    AppendPadded(out, magnitude % pow10, scale);
  }
}

void AppendDouble(double d, std::string* out) {
  if (std::isnan(d)) {
    out->append("NaN");
  } else if (std::isinf(d)) {
    out->append(d < 0 ? "-Infinity" : "Infinity");
  } else {
    fmt::format_to(std::back_inserter(*out), "{}", d);
  }
}

void AppendBytea(std::string_view bytes, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("\\x");
  for (unsigned char c : bytes) {
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
}

void AppendText(const Value& v, std::string* out) {
  struct Visitor {
    std::string* out;
    void operator()(std::monostate) const {}
    void operator()(bool b) const { out->push_back(b ? 't' : 'f'); }
    void operator()(int64_t i) const { fmt::format_to(std::back_inserter(*out), "{}", i); }
    void operator()(double d) const { AppendDouble(d, out); }
    void operator()(const std::string& s) const { out->append(s); }
    void operator()(Date d) const { AppendDate(d.days, out); }
    void operator()(Timestamp t) const { AppendTimestamp(t.micros, out); }
    void operator()(const Decimal& d) const { AppendDecimal(d.unscaled, d.scale, out); }
    void operator()(const Blob& b) const { AppendBytea(b.bytes, out); }
  };
  std::visit(Visitor{out}, v);
}

Status ParseField(unsigned oid, int fmod, std::string_view text, const char* column, Value* out) {
  switch (oid) {
    case kBoolOid:
      if (text != "t" && text != "f") return Unparsable("boolean", text, column);
      *out = text == "t";
      return Status::OK();
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size()) return Unparsable("integer", text, column);
      *out = v;
      return Status::OK();
    }
    case kFloat4Oid:
    case kFloat8Oid: {
      double v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size()) return Unparsable("float", text, column);
      *out = v;
      return Status::OK();
    }
    case kNumericOid: return ParseNumeric(text, fmod, column, out);
    case kDateOid: return ParseDate(text, column, out);
    case kTimestampOid: return ParseTimestamp(text, false, column, out);
    case kTimestamptzOid: return ParseTimestamp(text, true, column, out);
    case kByteaOid: {
      if (text.size() % 2 != 0 || text.substr(0, 2) != "\\x") return Unparsable("bytea", text, column);
      std::string bytes;
      bytes.reserve(text.size() / 2 - 1);
      for (size_t i = 2; i < text.size(); i += 2) {
        int hi = HexDigit(text[i]), lo = HexDigit(text[i + 1]);
        if (hi < 0 || lo < 0) return Unparsable("bytea", text, column);
        bytes.push_back(static_cast<char>(hi << 4 | lo));
      }
      *out = Blob{std::move(bytes)};
      return Status::OK();
    }
    default: *out = std::string(text); return Status::OK();
  }
}

}  // namespace ecomdw::warehouse::pg_internal
