#include "common/sql_type.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace ecomdw {
namespace {

constexpr std::string_view kAllowed =
    "VARCHAR, TEXT, BOOLEAN, SMALLINT, INTEGER, BIGINT, DOUBLE, REAL, DATE, TIMESTAMP, TIMESTAMPTZ, "
    "DECIMAL(p,s) / NUMERIC(p,s) with 1 <= p <= 38, 0 <= s <= p";

struct Token {
  enum class Kind { kWord, kNumber, kPunct } kind;
  std::string text;
};

// Splits into words, numbers and the punctuation "(),"; nullopt on any
// other character (quotes, semicolons, dashes: everything SQL could abuse).
std::optional<std::vector<Token>> Tokenize(std::string_view text) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (std::isalpha(c)) {
      size_t j = i;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])))) ++j;
      std::string word(text.substr(i, j - i));
      std::transform(word.begin(), word.end(), word.begin(), [](unsigned char ch) { return std::toupper(ch); });
      out.push_back({Token::Kind::kWord, word});
      i = j;
    } else if (std::isdigit(c)) {
      size_t j = i;
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      if (j - i > 3) return std::nullopt;
      out.push_back({Token::Kind::kNumber, std::string(text.substr(i, j - i))});
      i = j;
    } else if (c == '(' || c == ')' || c == ',') {
      out.push_back({Token::Kind::kPunct, std::string(1, static_cast<char>(c))});
      ++i;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::optional<SqlType::Kind> SimpleKind(const std::string& word) {
  using K = SqlType::Kind;
  if (word == "VARCHAR" || word == "TEXT" || word == "STRING") return K::kVarchar;
  if (word == "BOOLEAN" || word == "BOOL") return K::kBoolean;
  if (word == "SMALLINT" || word == "INT2") return K::kSmallint;
  if (word == "INTEGER" || word == "INT" || word == "INT4") return K::kInteger;
  if (word == "BIGINT" || word == "INT8") return K::kBigint;
  if (word == "DOUBLE" || word == "FLOAT8" || word == "REAL" || word == "FLOAT4") return K::kDouble;
  if (word == "DATE") return K::kDate;
  if (word == "TIMESTAMP") return K::kTimestamp;
  if (word == "TIMESTAMPTZ") return K::kTimestampTz;
  return std::nullopt;
}

}  // namespace

std::string SqlType::ToSql() const {
  switch (kind) {
    case Kind::kVarchar: return "VARCHAR";
    case Kind::kBoolean: return "BOOLEAN";
    case Kind::kSmallint: return "SMALLINT";
    case Kind::kInteger: return "INTEGER";
    case Kind::kBigint: return "BIGINT";
    case Kind::kDouble: return "DOUBLE";
    case Kind::kDate: return "DATE";
    case Kind::kTimestamp: return "TIMESTAMP";
    case Kind::kTimestampTz: return "TIMESTAMPTZ";
    case Kind::kDecimal: return fmt::format("DECIMAL({},{})", precision, scale);
  }
  return "VARCHAR";
}

Result<SqlType> ParseSqlType(std::string_view text) {
  auto refuse = [&]() -> Status {
    return Status::InvalidArgument("column type \"{}\" is not an allowed type (allowed: {})", text, kAllowed);
  };
  std::optional<std::vector<Token>> tokens = Tokenize(text);
  if (!tokens || tokens->empty() || (*tokens)[0].kind != Token::Kind::kWord) return refuse();
  const std::vector<Token>& t = *tokens;
  if (t.size() == 1) {
    if (std::optional<SqlType::Kind> k = SimpleKind(t[0].text)) return SqlType{*k};
  }
  if (t[0].text == "TIMESTAMP" && t.size() == 4 && t[1].text == "WITH" && t[2].text == "TIME" && t[3].text == "ZONE") {
    return SqlType{SqlType::Kind::kTimestampTz};
  }
  if (t[0].text != "DECIMAL" && t[0].text != "NUMERIC") return refuse();
  SqlType d{SqlType::Kind::kDecimal, 18, 3};
  if (t.size() == 1) return d;
  auto is = [&](size_t i, Token::Kind k, const char* s = nullptr) {
    return i < t.size() && t[i].kind == k && (s == nullptr || t[i].text == s);
  };
  if (is(1, Token::Kind::kPunct, "(") && is(2, Token::Kind::kNumber) && is(3, Token::Kind::kPunct, ")") &&
      t.size() == 4) {
    d.precision = std::stoi(t[2].text);
    d.scale = 0;
  } else if (is(1, Token::Kind::kPunct, "(") && is(2, Token::Kind::kNumber) && is(3, Token::Kind::kPunct, ",") &&
             is(4, Token::Kind::kNumber) && is(5, Token::Kind::kPunct, ")") && t.size() == 6) {
    d.precision = std::stoi(t[2].text);
    d.scale = std::stoi(t[4].text);
  } else {
    return refuse();
  }
  if (d.precision < 1 || d.precision > 38 || d.scale < 0 || d.scale > d.precision) {
    return Status::InvalidArgument("column type \"{}\": DECIMAL needs 1 <= precision <= 38 and 0 <= scale <= precision",
                                   text);
  }
  return d;
}

}  // namespace ecomdw
