#include "common/sql_quote.h"

namespace ecomdw {

bool IsSafeIdentifier(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (name[0] >= '0' && name[0] <= '9') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<std::string> QuoteIdentifier(std::string_view name, std::string_view what) {
  if (!IsSafeIdentifier(name)) {
    return Status::InvalidArgument(
        "{} \"{}\" is not a safe identifier (1-63 of [A-Za-z0-9_], not starting with a digit)", what,
        name);
  }
  std::string out;
  out.reserve(name.size() + 2);
  out += '"';
  out += name;
  out += '"';
  return out;
}

Result<std::string> QuoteQualified(std::string_view schema, std::string_view table) {
  ECOMDW_ASSIGN_OR_RETURN(std::string s, QuoteIdentifier(schema, "schema"));
  ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteIdentifier(table, "table"));
  return s + "." + t;
}

std::string QuoteLiteral(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out += '\'';
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace ecomdw
