#include "query_output/render.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace ecomdw::query_output {
namespace {

std::string JsonString(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A JSON number literal: -?digits[.digits][e[+-]digits] (what engines print
// for integers and decimals; "inf"/"nan" are not).
bool IsJsonNumber(const std::string& s) {
  size_t i = 0, n = s.size();
  auto digits = [&] {
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < n && s[i] == '-') ++i;
  if (!digits()) return false;
  if (i < n && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == n;
}

std::string JsonValue(const Column& c, const warehouse::Value& v) {
  if (warehouse::IsNull(v)) return "null";
  if (c.json == JsonKind::kNative) {
    if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) {
      return std::isfinite(*d) ? fmt::format("{}", *d) : JsonString(fmt::format("{}", *d));
    }
    if (std::holds_alternative<warehouse::Decimal>(v)) return warehouse::ValueToString(v);
    return JsonString(warehouse::ValueToString(v));
  }
  std::string text = warehouse::ValueToString(v);
  if (c.json == JsonKind::kNumber) return IsJsonNumber(text) ? text : JsonString(text);
  if (c.json == JsonKind::kJson) {
    bool valid = nlohmann::json::accept(text);
    return valid ? text : JsonString(text);
  }
  return JsonString(text);
}

std::string JsonObject(const std::vector<Column>& columns, const warehouse::Row& row) {
  std::string out = "{";
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c) out += ",";
    out += JsonString(columns[c].name) + ":" + JsonValue(columns[c], row[c]);
  }
  return out + "}";
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string MarkdownCell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') {
      out += "\\|";
    } else if (ch == '\n') {
      out += "<br>";
    } else if (ch != '\r') {
      out += ch;
    }
  }
  return out;
}

std::string Text(const warehouse::Value& v) { return warehouse::ValueToString(v); }
std::string TextOrEmpty(const warehouse::Value& v) { return warehouse::IsNull(v) ? "" : Text(v); }

std::string RenderText(const std::vector<Column>& columns, const std::vector<warehouse::Row>& rows,
                       size_t max_rows) {
  std::vector<size_t> width(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) width[c] = columns[c].name.size();
  std::vector<std::vector<std::string>> cells;
  for (size_t i = 0; i < rows.size() && i < max_rows; ++i) {
    std::vector<std::string> line;
    for (size_t c = 0; c < columns.size(); ++c) {
      line.push_back(Text(rows[i][c]));
      width[c] = std::max(width[c], line.back().size());
    }
    cells.push_back(std::move(line));
  }
  std::string out;
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) line += fmt::format("{:<{}}  ", row[c], width[c]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  std::vector<std::string> names, rule;
  for (size_t c = 0; c < columns.size(); ++c) {
    names.push_back(columns[c].name);
    rule.push_back(std::string(width[c], '-'));
  }
  print_row(names);
  print_row(rule);
  for (const auto& row : cells) print_row(row);
  if (rows.size() > max_rows) {
    out += fmt::format("… {} more rows (use --format csv or jsonl)\n", rows.size() - max_rows);
  }
  return out;
}

}  // namespace

std::string Render(Format format, const std::vector<Column>& columns, const std::vector<warehouse::Row>& rows,
                   size_t max_text_rows) {
  std::string out;
  switch (format) {
    case Format::kText: return RenderText(columns, rows, max_text_rows);
    case Format::kCsv: {
      auto line = [&](auto cell) {
        for (size_t c = 0; c < columns.size(); ++c) out += (c ? "," : "") + CsvField(cell(c));
        out += "\n";
      };
      line([&](size_t c) { return columns[c].name; });
      for (const auto& row : rows) line([&](size_t c) { return TextOrEmpty(row[c]); });
      return out;
    }
    case Format::kJson: {
      if (rows.empty()) return "[]\n";
      out = "[\n";
      for (size_t r = 0; r < rows.size(); ++r) out += JsonObject(columns, rows[r]) + (r + 1 < rows.size() ? ",\n" : "\n");
      return out + "]\n";
    }
    case Format::kJsonl:
      for (const auto& row : rows) out += JsonObject(columns, row) + "\n";
      return out;
    case Format::kMarkdown: {
      auto line = [&](auto cell) {
        out += "|";
        for (size_t c = 0; c < columns.size(); ++c) out += " " + MarkdownCell(cell(c)) + " |";
        out += "\n";
      };
      line([&](size_t c) { return columns[c].name; });
      line([&](size_t) { return std::string("---"); });
      for (const auto& row : rows) line([&](size_t c) { return TextOrEmpty(row[c]); });
      return out;
    }
  }
  return out;
}

}  // namespace ecomdw::query_output
