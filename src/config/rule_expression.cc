#include "config/rule_expression.h"

#include <algorithm>
#include <cctype>

#include <fmt/ranges.h>

#include "common/sql_quote.h"
#include "common/sql_type.h"

namespace ecomdw::config {
namespace {

constexpr size_t kMaxLength = 4000;
constexpr int kMaxDepth = 64;

// Words that are never a column reference on their own (a qualified
// `alias.word` may still name a column called so).
const std::set<std::string>& Reserved() {
  static const std::set<std::string> kReserved = {
      "all",    "alter",  "and",    "as",      "attach", "between", "call",    "case",     "cast",   "copy",
      "create", "delete", "detach", "distinct", "drop",  "else",    "end",     "escape",   "exists", "export",
      "false",  "from",   "group",  "having",  "ilike",  "import",  "in",      "insert",   "install", "into",
      "is",     "join",   "like",   "limit",   "load",   "not",     "null",    "on",       "or",     "order",
      "pragma", "select", "set",    "table",   "then",   "true",    "try_cast", "union",   "update", "using",
      "values", "when",   "where",  "with"};
  return kReserved;
}

struct Token {
  enum Kind { kIdent, kString, kNumber, kOp, kEnd } kind = kEnd;
  std::string text;   // as written (strings: the value, quotes undone)
  std::string lower;  // identifiers and keywords, lower case
  size_t pos = 0;
};

Status Refuse(size_t pos, const std::string& what) {
  return Status::InvalidArgument("fails_when: {} at byte {}", what, pos + 1);
}

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  auto is_ident_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  auto is_ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    Token t;
    t.pos = i;
    if (s.compare(i, 2, "--") == 0 || s.compare(i, 2, "/*") == 0) return Refuse(i, "a comment is not allowed");
    if (c == ';') return Refuse(i, "';' would end the statement: a rule is one expression");
    if (c == '"') return Refuse(i, "quoted identifiers are not allowed (column names are plain identifiers)");
    if (is_ident_start(c)) {
      size_t j = i;
      while (j < s.size() && is_ident(s[j])) ++j;
      t.kind = Token::kIdent;
      t.text = std::string(s.substr(i, j - i));
      t.lower = t.text;
      std::transform(t.lower.begin(), t.lower.end(), t.lower.begin(), [](unsigned char x) { return std::tolower(x); });
      if (j < s.size() && s[j] == '\'') return Refuse(i, "a prefixed string such as E'…' is not allowed");
      i = j;
    } else if (c == '\'') {
      t.kind = Token::kString;
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= s.size()) return Refuse(i, "the string is not closed");
        if (static_cast<unsigned char>(s[j]) < 0x20 && s[j] != '\t') {
          return Refuse(j, "a control character in a string is not allowed");
        }
        if (s[j] == '\'') {
          if (j + 1 < s.size() && s[j + 1] == '\'') {
            t.text += '\'';
            ++j;
            continue;
          }
          break;
        }
        t.text += s[j];
      }
      i = j + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      size_t j = i;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      if (j < s.size() && s[j] == '.') {
        ++j;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      }
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
          j = k;
          while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
        }
      }
      if (j < s.size() && is_ident(s[j])) return Refuse(j, "a number runs into a name");
      t.kind = Token::kNumber;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else {
      static const char* kOps[] = {"<=", ">=", "<>", "!=", "||", "::", "=", "<", ">", "+",
                                   "-",  "*",  "/",  "%",  "(",  ")",  ",", "."};
      for (const char* op : kOps) {
        if (s.compare(i, std::char_traits<char>::length(op), op) == 0) {
          t.kind = Token::kOp;
          t.text = op;
          break;
        }
      }
      if (t.kind != Token::kOp) {
        return Refuse(i, fmt::format("'{}' is not allowed", static_cast<unsigned char>(c) < 0x20
                                                                 ? fmt::format("\\x{:02x}", c)
                                                                 : std::string(1, c)));
      }
      i += t.text.size();
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.pos = s.size();
  out.push_back(end);
  return out;
}

// Recursive descent over the grammar in the header; emits the canonical SQL
// as it goes.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Result<RuleExpression> Run() {
    ECOMDW_TRY(Expr());
    if (Peek().kind != Token::kEnd) return Unexpected("after the expression");
    RuleExpression out;
    out.sql = std::move(sql_);
    out.tables = std::move(tables_);
    return out;
  }

 private:
  const Token& Peek(size_t ahead = 0) const { return t_[std::min(i_ + ahead, t_.size() - 1)]; }
  bool IsWord(const Token& t, const char* w) const { return t.kind == Token::kIdent && t.lower == w; }
  bool IsOp(const Token& t, const char* op) const { return t.kind == Token::kOp && t.text == op; }
  bool AcceptWord(const char* w) {
    if (!IsWord(Peek(), w)) return false;
    Emit(Upper(w));
    ++i_;
    return true;
  }
  bool AcceptOp(const char* op) {
    if (!IsOp(Peek(), op)) return false;
    Emit(op);
    ++i_;
    return true;
  }
  Status ExpectWord(const char* w) { return AcceptWord(w) ? Status::OK() : Unexpected(fmt::format("(expected {})", Upper(w))); }
  Status ExpectOp(const char* op) { return AcceptOp(op) ? Status::OK() : Unexpected(fmt::format("(expected '{}')", op)); }

  static std::string Upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
  }
  Status Unexpected(const std::string& context) const {
    const Token& t = Peek();
    if (t.kind == Token::kEnd) return Refuse(t.pos, "the expression ends too early " + context);
    std::string shown = t.kind == Token::kString ? "'" + t.text.substr(0, 40) + "'" : t.text;
    return Refuse(t.pos, fmt::format("unexpected \"{}\" {}", shown, context));
  }

  void Emit(const std::string& text) {
    bool glue_before = text == ")" || text == "," || text == "." || text == "::";
    if (!sql_.empty() && !glue_before && !glue_next_) sql_ += ' ';
    sql_ += text;
    glue_next_ = text == "(" || text == "." || text == "::";
  }

  Status Enter() {
    if (++depth_ > kMaxDepth) return Refuse(Peek().pos, fmt::format("nested deeper than {} levels", kMaxDepth));
    return Status::OK();
  }

  Status Expr() {
    ECOMDW_TRY(Enter());
    ECOMDW_TRY(And());
    while (AcceptWord("or")) ECOMDW_TRY(And());
    --depth_;
    return Status::OK();
  }
  Status And() {
    ECOMDW_TRY(Not());
    while (AcceptWord("and")) ECOMDW_TRY(Not());
    return Status::OK();
  }
  Status Not() {
    if (AcceptWord("not")) {
      ECOMDW_TRY(Enter());
      ECOMDW_TRY(Not());
      --depth_;
      return Status::OK();
    }
    return Predicate();
  }
  Status Predicate() {
    ECOMDW_TRY(Additive());
    for (;;) {
      static const char* kCmp[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
      bool cmp = false;
      for (const char* op : kCmp) cmp = cmp || AcceptOp(op);
      if (cmp) {
        ECOMDW_TRY(Additive());
        continue;
      }
      if (AcceptWord("is")) {
        AcceptWord("not");
        if (AcceptWord("null") || AcceptWord("true") || AcceptWord("false")) continue;
        ECOMDW_TRY(ExpectWord("distinct"));
        ECOMDW_TRY(ExpectWord("from"));
        ECOMDW_TRY(Additive());
        continue;
      }
      bool negated = IsWord(Peek(), "not") && (IsWord(Peek(1), "in") || IsWord(Peek(1), "between") ||
                                                IsWord(Peek(1), "like") || IsWord(Peek(1), "ilike"));
      if (negated) AcceptWord("not");
      if (AcceptWord("in")) {
        ECOMDW_TRY(ExpectOp("("));
        if (IsWord(Peek(), "select")) return Unexpected("(IN takes a list of values, not a subquery)");
        ECOMDW_TRY(Expr());
        while (AcceptOp(",")) ECOMDW_TRY(Expr());
        ECOMDW_TRY(ExpectOp(")"));
      } else if (AcceptWord("between")) {
        ECOMDW_TRY(Additive());
        ECOMDW_TRY(ExpectWord("and"));
        ECOMDW_TRY(Additive());
      } else if (AcceptWord("like") || AcceptWord("ilike")) {
        ECOMDW_TRY(Additive());
        if (AcceptWord("escape")) ECOMDW_TRY(Additive());
      } else if (negated) {
        return Unexpected("(expected IN, BETWEEN, LIKE or ILIKE after NOT)");
      } else {
        return Status::OK();
      }
    }
  }
  Status Additive() {
    ECOMDW_TRY(Multiplicative());
    while (AcceptOp("+") || AcceptOp("-") || AcceptOp("||")) ECOMDW_TRY(Multiplicative());
    return Status::OK();
  }
  Status Multiplicative() {
    ECOMDW_TRY(Unary());
    while (AcceptOp("*") || AcceptOp("/") || AcceptOp("%")) ECOMDW_TRY(Unary());
    return Status::OK();
  }
  Status Unary() {
    if (AcceptOp("-") || AcceptOp("+")) {
      ECOMDW_TRY(Enter());
      ECOMDW_TRY(Unary());
      --depth_;
      return Status::OK();
    }
    ECOMDW_TRY(Primary());
    while (AcceptOp("::")) ECOMDW_TRY(Type());
    return Status::OK();
  }

  // One word, optionally "(p[, s])", checked by the type grammar and written
  // in its canonical spelling.
  Status Type() {
    const Token& word = Peek();
    if (word.kind != Token::kIdent) return Unexpected("(expected a type)");
    std::string text = word.text;
    size_t pos = word.pos;
    ++i_;
    if (IsOp(Peek(), "(")) {
      text += "(";
      ++i_;
      for (;;) {
        if (Peek().kind != Token::kNumber) return Unexpected("(expected a number in the type)");
        text += Peek().text;
        ++i_;
        if (IsOp(Peek(), ")")) break;
        if (!IsOp(Peek(), ",")) return Unexpected("in the type");
        text += ",";
        ++i_;
      }
      text += ")";
      ++i_;
    }
    Result<SqlType> type = ParseSqlType(text);
    if (!type.ok()) return Refuse(pos, type.status().message());
    Emit(type->ToSql());
    return Status::OK();
  }

  Status Primary() {
    const Token& t = Peek();
    if (t.kind == Token::kNumber) {
      Emit(t.text);
      ++i_;
      return Status::OK();
    }
    if (t.kind == Token::kString) {
      Emit(QuoteLiteral(t.text));
      ++i_;
      return Status::OK();
    }
    if (AcceptOp("(")) {
      if (IsWord(Peek(), "select")) return Unexpected("(the only subquery allowed is EXISTS (SELECT …))");
      ECOMDW_TRY(Expr());
      return ExpectOp(")");
    }
    if (t.kind != Token::kIdent) return Unexpected("(expected a value, a column or a function)");
    if (AcceptWord("true") || AcceptWord("false") || AcceptWord("null")) return Status::OK();
    if (AcceptWord("case")) return Case();
    if (AcceptWord("cast") || AcceptWord("try_cast")) {
      glue_next_ = true;
      ECOMDW_TRY(ExpectOp("("));
      ECOMDW_TRY(Expr());
      ECOMDW_TRY(ExpectWord("as"));
      ECOMDW_TRY(Type());
      return ExpectOp(")");
    }
    if (AcceptWord("exists")) return Exists();
    if ((t.lower == "date" || t.lower == "timestamp" || t.lower == "interval") && Peek(1).kind == Token::kString) {
      Emit(Upper(t.lower));
      ++i_;
      Emit(QuoteLiteral(Peek().text));
      ++i_;
      return Status::OK();
    }
    if (IsOp(Peek(1), "(")) return Call();
    return Column();
  }

  Status Case() {
    if (!IsWord(Peek(), "when")) ECOMDW_TRY(Expr());
    if (!IsWord(Peek(), "when")) return Unexpected("(expected WHEN)");
    while (AcceptWord("when")) {
      ECOMDW_TRY(Expr());
      ECOMDW_TRY(ExpectWord("then"));
      ECOMDW_TRY(Expr());
    }
    if (AcceptWord("else")) ECOMDW_TRY(Expr());
    return ExpectWord("end");
  }

  Status Call() {
    const Token& name = Peek();
    if (AllowedRuleFunctions().count(name.lower) == 0) {
      return Refuse(name.pos, fmt::format("function \"{}\" is not allowed in a rule (allowed: {})", name.text,
                                          fmt::join(AllowedRuleFunctions(), ", ")));
    }
    Emit(name.lower);
    glue_next_ = true;  // lower(x), not lower (x)
    ++i_;
    ECOMDW_TRY(ExpectOp("("));
    if (AcceptOp(")")) return Status::OK();
    ECOMDW_TRY(Expr());
    while (AcceptOp(",")) ECOMDW_TRY(Expr());
    return ExpectOp(")");
  }

  Status Column() {
    const Token& first = Peek();
    if (Reserved().count(first.lower) > 0) return Unexpected("(a keyword where a value belongs)");
    if (!IsSafeIdentifier(first.text)) return Refuse(first.pos, "an identifier longer than 63 characters");
    Emit(first.text);
    ++i_;
    if (!AcceptOp(".")) return Status::OK();
    const Token& second = Peek();
    if (second.kind != Token::kIdent || !IsSafeIdentifier(second.text)) return Unexpected("(expected a column name)");
    Emit(second.text);
    ++i_;
    if (IsOp(Peek(), ".")) return Unexpected("(a column is name or alias.name)");
    return Status::OK();
  }

  // EXISTS (SELECT items FROM staging.<table> [[AS] alias] [WHERE expr])
  Status Exists() {
    ECOMDW_TRY(ExpectOp("("));
    ECOMDW_TRY(ExpectWord("select"));
    if (!AcceptOp("*")) {
      ECOMDW_TRY(Expr());
      while (AcceptOp(",")) ECOMDW_TRY(Expr());
    }
    ECOMDW_TRY(ExpectWord("from"));
    if (!IsWord(Peek(), "staging") || !IsOp(Peek(1), ".")) {
      return Unexpected("(EXISTS may look up staging.<source> only)");
    }
    Emit("staging");
    ++i_;
    ECOMDW_TRY(ExpectOp("."));
    const Token& table = Peek();
    if (table.kind != Token::kIdent || !IsSafeIdentifier(table.text) || IsOp(Peek(1), "(")) {
      return Unexpected("(expected a source name)");
    }
    Emit(table.text);
    tables_.push_back(table.text);
    ++i_;
    bool as = AcceptWord("as");
    if (as || (Peek().kind == Token::kIdent && Reserved().count(Peek().lower) == 0)) {
      if (Peek().kind != Token::kIdent || Reserved().count(Peek().lower) > 0) return Unexpected("(expected an alias)");
      if (!IsSafeIdentifier(Peek().text)) return Unexpected("(expected an alias)");
      Emit(Peek().text);
      ++i_;
    }
    if (AcceptWord("where")) ECOMDW_TRY(Expr());
    return ExpectOp(")");
  }

  std::vector<Token> t_;
  size_t i_ = 0;
  int depth_ = 0;
  std::string sql_;
  bool glue_next_ = false;
  std::vector<std::string> tables_;
};

}  // namespace

const std::set<std::string>& AllowedRuleFunctions() {
  // DuckDB scalar functions that read nothing but their arguments (no files,
  // no settings, no clock, no randomness), and that PostgreSQL has or the
  // dialect layer can map.
  static const std::set<std::string> kFunctions = {
      "abs",        "ceil",        "ceiling",    "coalesce",          "concat",       "concat_ws",
      "contains",   "date_diff",   "date_part",  "date_trunc",        "day",          "dayofweek",
      "ends_with",  "floor",       "greatest",   "hour",              "ifnull",       "isfinite",
      "isinf",      "isnan",       "least",      "left",              "len",          "length",
      "lower",      "lpad",        "ltrim",      "make_date",         "minute",       "month",
      "nullif",     "prefix",      "quarter",    "regexp_extract",    "regexp_full_match", "regexp_matches",
      "regexp_replace", "replace", "reverse",    "right",             "round",        "rpad",
      "rtrim",      "second",      "sign",       "starts_with",       "strftime",     "strlen",
      "strpos",     "strptime",    "substr",     "substring",         "suffix",       "trim",
      "try_strptime", "upper",     "year"};
  return kFunctions;
}

Result<RuleExpression> ParseRuleExpression(std::string_view text) {
  if (text.size() > kMaxLength) {
    return Status::InvalidArgument("fails_when: {} bytes, more than the {} a rule may have", text.size(), kMaxLength);
  }
  ECOMDW_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  if (tokens.size() == 1) return Status::InvalidArgument("fails_when: empty");
  return Parser(std::move(tokens)).Run();
}

}  // namespace ecomdw::config
