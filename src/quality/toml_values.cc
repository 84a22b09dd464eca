#include "quality/toml_values.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/sql_quote.h"

namespace ecomdw::quality::internal {
namespace {

bool Has(const config::TableReader& r, const std::string& key) {
  std::vector<std::string> keys = r.Keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Only what std::from_chars accepts as a plain decimal, so the text is safe
// to put into SQL as it stands.
bool IsDecimalText(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<std::optional<Number>> ReadNumber(config::TableReader& r, const std::string& key, bool required) {
  if (!Has(r, key)) {
    if (required) return Status::InvalidArgument("{}: missing required key \"{}\"", r.Where(), r.Qualified(key));
    return std::optional<Number>();
  }
  const Status wrong = Status::InvalidArgument(
      "{}: key \"{}\": expected a number: an integer, or a decimal in quotes (\"0.05\")", r.Where(key), r.Qualified(key));
  int64_t i = 0;
  if (r.Int(key, &i).ok()) return std::optional<Number>(Number{static_cast<double>(i), std::to_string(i)});
  std::string text;
  if (!r.String(key, &text).ok() || !IsDecimalText(text)) return wrong;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return wrong;
  return std::optional<Number>(Number{v, text});
}

Status ReadCount(config::TableReader& r, const std::string& key, int64_t* out) {
  const int64_t fallback = *out;  // may be a negative "unset" marker
  int64_t v = fallback;
  ECOMDW_TRY(r.Int(key, &v));
  if (v != fallback && v < 0) return Status::InvalidArgument("{}: key \"{}\": must be >= 0", r.Where(key), r.Qualified(key));
  *out = v;
  return Status::OK();
}

Result<std::string> ReadColumn(config::TableReader& r, const std::string& key, std::string* plain) {
  std::string name;
  ECOMDW_TRY(r.String(key, &name, /*required=*/true));
  ECOMDW_ASSIGN_OR_RETURN(std::string quoted,
                          QuoteIdentifier(name, fmt::format("{}: key \"{}\"", r.Where(key), r.Qualified(key))));
  if (plain) *plain = name;
  return quoted;
}

Result<std::vector<std::string>> ReadColumns(config::TableReader& r, std::vector<std::string>* plain) {
  const bool one = Has(r, "column");
  const bool many = Has(r, "columns");
  if (one == many) {
    return Status::InvalidArgument("{}: give exactly one of \"{}\" and \"{}\"", r.Where(), r.Qualified("column"),
                                   r.Qualified("columns"));
  }
  std::vector<std::string> names;
  if (one) {
    std::string name;
    ECOMDW_TRY(r.String("column", &name, true));
    names.push_back(name);
  } else {
    ECOMDW_TRY(r.StringArray("columns", &names, true));
    if (names.empty()) {
      return Status::InvalidArgument("{}: key \"{}\": needs at least one column", r.Where("columns"),
                                     r.Qualified("columns"));
    }
  }
  const std::string key = one ? "column" : "columns";
  std::vector<std::string> quoted;
  for (const std::string& n : names) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q,
                            QuoteIdentifier(n, fmt::format("{}: key \"{}\"", r.Where(key), r.Qualified(key))));
    quoted.push_back(q);
  }
  *plain = names;
  return quoted;
}

Result<std::string> ReadQualifiedTable(config::TableReader& r, const std::string& key, bool required) {
  std::string text;
  ECOMDW_TRY(r.String(key, &text, required));
  size_t dot = text.find('.');
  if (dot == std::string::npos || !IsSafeIdentifier(text.substr(0, dot)) || !IsSafeIdentifier(text.substr(dot + 1))) {
    return Status::InvalidArgument("{}: key \"{}\": expected \"schema.table\" of safe identifiers, got \"{}\"",
                                   r.Where(key), r.Qualified(key), text);
  }
  return QuoteQualified(text.substr(0, dot), text.substr(dot + 1));
}

Result<std::string> ReadSql(config::TableReader& r, const std::string& key, bool required) {
  std::string text;
  ECOMDW_TRY(r.String(key, &text, required));
  if (!Has(r, key)) return std::string();
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return Status::InvalidArgument("{}: key \"{}\": empty SQL", r.Where(key), r.Qualified(key));
  }
  auto last = text.find_last_not_of(" \t\r\n;");
  return text.substr(first, last - first + 1);
}

Result<std::string> ReadChoice(config::TableReader& r, const std::string& key, const std::vector<std::string>& allowed,
                               const std::string& fallback) {
  std::string v = fallback;
  ECOMDW_TRY(r.String(key, &v));
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    return Status::InvalidArgument("{}: key \"{}\": \"{}\" is not one of {}", r.Where(key), r.Qualified(key), v,
                                   fmt::join(allowed, ", "));
  }
  return v;
}

}  // namespace ecomdw::quality::internal
