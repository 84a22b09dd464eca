#include <algorithm>
#include <sstream>

#include "common/sql_quote.h"
#include "models/model.h"

namespace ecomdw::models {
namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    std::string t = Trim(item);
    if (!t.empty()) out.push_back(t);
  }
  return out;
}

}  // namespace

std::string_view MaterializationName(Materialization m) {
  switch (m) {
    case Materialization::kTable: return "table";
    case Materialization::kView: return "view";
    case Materialization::kIncremental: return "incremental";
  }
  return "?";
}

Result<Model> ParseModelFile(const std::string& path, const std::string& text) {
  Model m;
  m.path = path;
  // models/<schema>/<name>.sql
  std::vector<std::string> parts;
  {
    std::stringstream ss(path);
    std::string p;
    while (std::getline(ss, p, '/')) parts.push_back(p);
  }
  if (parts.size() != 3 || parts[0] != "models" || parts[2].size() < 5 ||
      parts[2].substr(parts[2].size() - 4) != ".sql") {
    return Status::InvalidArgument("{}: a model file must be models/<schema>/<name>.sql", path);
  }
  m.schema = parts[1];
  m.name = parts[2].substr(0, parts[2].size() - 4);
  if (!IsSafeIdentifier(m.schema) || !IsSafeIdentifier(m.name)) {
    return Status::InvalidArgument("{}: schema and model names must be safe identifiers ([A-Za-z_][A-Za-z0-9_]*)",
                                   path);
  }

  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  bool saw_materialization = false;
  while (std::getline(in, line)) {
    ++line_no;
    std::string t = Trim(line);
    if (t.empty()) continue;
    if (t.rfind("--", 0) != 0) break;  // the header ends at the first SQL line
    std::string body = Trim(std::string_view(t).substr(2));
    size_t colon = body.find(':');
    if (colon == std::string::npos) continue;  // a plain comment
    std::string key = Trim(std::string_view(body).substr(0, colon));
    std::string value = Trim(std::string_view(body).substr(colon + 1));
    if (key == "materialization") {
      saw_materialization = true;
      if (value == "table") {
        m.materialization = Materialization::kTable;
      } else if (value == "view") {
        m.materialization = Materialization::kView;
      } else if (value == "incremental") {
        m.materialization = Materialization::kIncremental;
      } else {
        return Status::InvalidArgument("{}:{}: materialization \"{}\" is not one of table, view, incremental", path,
                                       line_no, value);
      }
    } else if (key == "unique_key") {
      m.unique_key = SplitList(value);
      for (const std::string& k : m.unique_key) {
        if (!IsSafeIdentifier(k)) {
          return Status::InvalidArgument("{}:{}: unique_key column \"{}\" is not a safe identifier", path, line_no, k);
        }
      }
    } else if (key == "description") {
      m.description += (m.description.empty() ? "" : " ") + value;
    } else if (key.rfind("column ", 0) == 0) {
      m.columns.push_back({Trim(std::string_view(key).substr(7)), value});
    } else if (key.find(' ') == std::string::npos) {
      return Status::InvalidArgument(
          "{}:{}: unknown header key \"{}\" (known: materialization, unique_key, description, column NAME)", path,
          line_no, key);
    }
  }
  if (!saw_materialization) {
    return Status::InvalidArgument("{}: the header must say `-- materialization: table|view|incremental`", path);
  }
  if (m.materialization == Materialization::kIncremental && m.unique_key.empty()) {
    return Status::InvalidArgument("{}: an incremental model needs `-- unique_key: col[, col]`", path);
  }
  m.sql = text;
  if (Trim(text).empty()) return Status::InvalidArgument("{}: the model has no SELECT", path);
  // Trailing semicolons would break wrapping the SELECT in CREATE … AS.
  while (!m.sql.empty() && (std::isspace(static_cast<unsigned char>(m.sql.back())) || m.sql.back() == ';')) {
    m.sql.pop_back();
  }
  return m;
}

}  // namespace ecomdw::models
