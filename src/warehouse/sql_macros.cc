#include "warehouse/sql_macros.h"

#include <fmt/ranges.h>

namespace ecomdw::warehouse {
namespace {

struct MacroSpec {
  std::string name;
  size_t min_args;
  size_t max_args;
};

const std::vector<MacroSpec>& Specs() {
  static const std::vector<MacroSpec> specs = {
      {"surrogate_key", 1, 16}, {"hash_hex", 1, 1},    {"date_spine", 2, 2},  {"month_name", 1, 1},
      {"day_name", 1, 1},       {"day_of_week", 1, 1}, {"month_start", 1, 1}, {"format_date", 2, 2},
  };
  return specs;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

int LineOf(std::string_view sql, size_t pos) {
  int line = 1;
  for (size_t i = 0; i < pos && i < sql.size(); ++i) line += sql[i] == '\n';
  return line;
}

// Length of the quoted run ('…' or "…", doubled quotes inside) starting at
// `pos`, or npos when it is not closed.
size_t QuotedLength(std::string_view s, size_t pos) {
  const char q = s[pos];
  for (size_t i = pos + 1; i < s.size(); ++i) {
    if (s[i] != q) continue;
    if (i + 1 < s.size() && s[i + 1] == q) {
      ++i;
      continue;
    }
    return i - pos + 1;
  }
  return std::string_view::npos;
}

// Splits the argument list at top-level commas (outside parentheses and
// quotes). An empty list gives no arguments.
Result<std::vector<std::string>> SplitArgs(std::string_view args, const std::string& where) {
  std::vector<std::string> out;
  if (Trim(args).empty()) return out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    char c = args[i];
    if (c == '\'' || c == '"') {
      size_t n = QuotedLength(args, i);
      if (n == std::string_view::npos) return Status::InvalidArgument("{}: unclosed quote in a macro argument", where);
      i += n - 1;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return Status::InvalidArgument("{}: unbalanced ')' in a macro argument", where);
    } else if (c == ',' && depth == 0) {
      out.push_back(Trim(args.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (depth != 0) return Status::InvalidArgument("{}: unbalanced '(' in a macro argument", where);
  out.push_back(Trim(args.substr(start)));
  for (const std::string& a : out) {
    if (a.empty()) return Status::InvalidArgument("{}: an empty macro argument", where);
  }
  return out;
}

// format_date's format: a single-quoted literal of strftime fields and text.
Result<std::vector<DateFormatPart>> ParseDateFormat(const std::string& arg, const std::string& where) {
  if (arg.size() < 2 || arg.front() != '\'' || QuotedLength(arg, 0) != arg.size()) {
    return Status::InvalidArgument("{}: format_date's format must be one string literal, got {}", where, arg);
  }
  std::string text;
  for (size_t i = 1; i + 1 < arg.size(); ++i) {
    text += arg[i];
    if (arg[i] == '\'') ++i;  // a doubled quote is one quote
  }
  std::vector<DateFormatPart> parts;
  auto literal = [&](char c) {
    if (parts.empty() || parts.back().field != 0) parts.push_back({});
    parts.back().literal += c;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      literal(text[i]);
      continue;
    }
    if (i + 1 >= text.size()) return Status::InvalidArgument("{}: format_date format ends in '%'", where);
    char f = text[++i];
    if (f == '%') {
      literal('%');
    } else if (std::string_view("YmdHMSBA").find(f) != std::string_view::npos) {
      parts.push_back({.field = f});
    } else {
      return Status::InvalidArgument("{}: format_date does not know %{} (known: %Y %m %d %H %M %S %B %A %%)", where,
                                     f);
    }
  }
  return parts;
}

Result<std::string> ExpandOne(const std::string& name, const std::vector<std::string>& args, const SqlDialect& d,
                              const std::string& where) {
  if (name == "surrogate_key") {
    std::string text;
    for (const std::string& a : args) {
      text += (text.empty() ? "" : " || '|' || ") + ("CAST(" + a + " AS VARCHAR)");
    }
    return d.SurrogateKeyOfText(text);
  }
  if (name == "hash_hex") return d.HashHex("CAST(" + args[0] + " AS VARCHAR)");
  if (name == "date_spine") return d.DateSpine(args[0], args[1]);
  if (name == "month_name") return d.MonthName(args[0]);
  if (name == "day_name") return d.DayName(args[0]);
  if (name == "day_of_week") return d.DayOfWeek(args[0]);
  if (name == "month_start") return d.MonthStart(args[0]);
  if (name == "format_date") {
    ECOMDW_ASSIGN_OR_RETURN(std::vector<DateFormatPart> parts, ParseDateFormat(args[1], where));
    return d.FormatDate(args[0], parts);
  }
  return Status::Internal("{}: macro {} has no expansion", where, name);
}

}  // namespace

const std::vector<std::string>& MacroNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const MacroSpec& s : Specs()) out.push_back(s.name);
    return out;
  }();
  return names;
}

Result<std::string> ExpandMacros(std::string_view sql, std::string_view file, const SqlDialect& dialect) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    size_t run = 0;  // text copied unchanged: a literal, a quoted name, a comment
    if (c == '\'' || c == '"') {
      run = QuotedLength(sql, i);
      if (run == std::string_view::npos) run = sql.size() - i;  // the engine reports it
    } else if (c == '-' && next == '-') {
      size_t nl = sql.find('\n', i);
      run = (nl == std::string_view::npos ? sql.size() : nl) - i;
    } else if (c == '/' && next == '*') {
      size_t end = sql.find("*/", i + 2);
      run = (end == std::string_view::npos ? sql.size() : end + 2) - i;
    }
    if (run > 0) {
      out.append(sql.substr(i, run));
      i += run;
      continue;
    }
    if (c == '}' && next == '}') {
      return Status::InvalidArgument("{}:{}: '}}}}' without an opening '{{{{'", file, LineOf(sql, i));
    }
    if (c != '{' || next != '{') {
      out += c;
      ++i;
      continue;
    }
    // A macro: {{ name(args) }}.
    const std::string where = fmt::format("{}:{}", file, LineOf(sql, i));
    size_t close = std::string_view::npos;
    for (size_t j = i + 2; j + 1 < sql.size(); ++j) {
      if (sql[j] == '\'' || sql[j] == '"') {
        size_t n = QuotedLength(sql, j);
        if (n == std::string_view::npos) break;
        j += n - 1;
      } else if (sql[j] == '{' && sql[j + 1] == '{') {
        return Status::InvalidArgument("{}: a macro inside a macro", where);
      } else if (sql[j] == '}' && sql[j + 1] == '}') {
        close = j;
        break;
      }
    }
    if (close == std::string_view::npos) return Status::InvalidArgument("{}: '{{{{' without a closing '}}}}'", where);
    std::string body = Trim(sql.substr(i + 2, close - i - 2));
    size_t paren = body.find('(');
    std::string name = Trim(std::string_view(body).substr(0, paren));
    if (paren == std::string::npos || body.back() != ')') {
      return Status::InvalidArgument("{}: a macro is written {{{{ name(arguments) }}}}, got {{{{ {} }}}}", where,
                                     body);
    }
    const MacroSpec* spec = nullptr;
    for (const MacroSpec& s : Specs()) {
      if (s.name == name) spec = &s;
    }
    if (!spec) {
      return Status::InvalidArgument("{}: unknown macro \"{}\" (known: {})", where, name,
                                     fmt::join(MacroNames(), ", "));
    }
    ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> args,
                            SplitArgs(std::string_view(body).substr(paren + 1, body.size() - paren - 2), where));
    if (args.size() < spec->min_args || args.size() > spec->max_args) {
      std::string want = spec->min_args == spec->max_args ? fmt::format("{}", spec->min_args)
                                                          : fmt::format("{} to {}", spec->min_args, spec->max_args);
      return Status::InvalidArgument("{}: {} takes {} argument(s), got {}", where, name, want, args.size());
    }
    ECOMDW_ASSIGN_OR_RETURN(std::string expanded, ExpandOne(name, args, dialect, where));
    out += expanded;
    i = close + 2;
  }
  return out;
}

}  // namespace ecomdw::warehouse
