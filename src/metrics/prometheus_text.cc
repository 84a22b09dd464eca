#include "metrics/prometheus_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "common/utf8.h"

namespace ecomdw::metrics {
namespace {

bool IsNameChar(char c, bool first, bool colon) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  return alpha || (!first && c >= '0' && c <= '9');
}

bool ValidName(std::string_view name, bool colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, colon)) return false;
  }
  return true;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string ValidUtf8(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceLength(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  for (char c : ValidUtf8(value)) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::trunc(value) && std::fabs(value) <= 9007199254740992.0) {
    return fmt::format("{}", static_cast<int64_t>(value));
  }
  return fmt::format("{}", value);  // shortest round-trip form
}

Status Exposition::Add(Family family) {
  const std::string& name = family.name;
  if (!ValidName(name, /*colon=*/true)) return Status::InvalidArgument("metrics: bad metric name \"{}\"", name);
  if (family.type == MetricType::kCounter && !name.ends_with("_total")) {
    return Status::InvalidArgument("metrics: counter {} must end in _total", name);
  }
  for (const Family& f : families_) {
    if (f.name == name) return Status::InvalidArgument("metrics: family {} added twice", name);
  }
  std::set<Labels> seen;
  for (const Sample& s : family.samples) {
    std::set<std::string> label_names;
    for (const auto& [label, value] : s.labels) {
      if (!ValidName(label, /*colon=*/false) || label.starts_with("__")) {
        return Status::InvalidArgument("metrics: {}: bad label name \"{}\"", name, label);
      }
      if (!label_names.insert(label).second) {
        return Status::InvalidArgument("metrics: {}: label {} given twice in one sample", name, label);
      }
    }
    Labels sorted = s.labels;
    std::sort(sorted.begin(), sorted.end());
    if (!seen.insert(std::move(sorted)).second) {
      std::string text;
      for (const auto& [label, value] : s.labels) text += fmt::format("{}{}=\"{}\"", text.empty() ? "" : ",", label, value);
      return Status::InvalidArgument("metrics: {}: two samples with labels {{{}}}", name, text);
    }
  }
  families_.push_back(std::move(family));
  return Status::OK();
}

std::string Exposition::Text() const {
  std::string out;
  for (const Family& f : families_) {
    out += fmt::format("# HELP {} {}\n", f.name, EscapeHelp(f.help));
    out += fmt::format("# TYPE {} {}\n", f.name, f.type == MetricType::kCounter ? "counter" : "gauge");
    for (const Sample& s : f.samples) {
      out += f.name;
      if (!s.labels.empty()) {
        out += '{';
        for (size_t i = 0; i < s.labels.size(); ++i) {
          if (i > 0) out += ',';
          out += s.labels[i].first + "=\"" + EscapeLabelValue(s.labels[i].second) + "\"";
        }
        out += '}';
      }
      out += ' ' + FormatValue(s.value) + '\n';
    }
  }
  return out;
}

}  // namespace ecomdw::metrics
