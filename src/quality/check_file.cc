// Reading check files: checks/<schema>/<table>.toml, one [[check]] table per
// check, strictly (config::TableReader reports unknown keys with file:line).
#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/sql_quote.h"
#include "config/toml_reader.h"
#include "objectstore/file_util.h"
#include "quality/check_sql.h"
#include "quality/checks.h"
#include "quality/toml_values.h"

namespace ecomdw::quality {
namespace {

namespace fs = std::filesystem;

constexpr CheckType kAllTypes[] = {
    CheckType::kNotNull,      CheckType::kUnique,         CheckType::kRelationships, CheckType::kAcceptedValues,
    CheckType::kRange,        CheckType::kExpression,     CheckType::kRowCount,      CheckType::kFreshness,
    CheckType::kReconciliation, CheckType::kVolumeAnomaly, CheckType::kQuarantineRate,
};

Result<CheckType> ParseType(config::TableReader& r) {
  std::string text;
  ECOMDW_TRY(r.String("type", &text, /*required=*/true));
  std::string known;
  for (CheckType t : kAllTypes) {
    if (CheckTypeName(t) == text) return t;
    known += (known.empty() ? "" : ", ") + std::string(CheckTypeName(t));
  }
  return Status::InvalidArgument("{}: key \"{}\": unknown check type \"{}\" (known: {})", r.Where("type"),
                                 r.Qualified("type"), text, known);
}

// checks/<schema>/<table>.toml at the end of `path`.
Status TableOfPath(const std::string& path, std::string* schema, std::string* table) {
  fs::path p(path);
  *table = p.stem().string();
  *schema = p.parent_path().filename().string();
  if (p.extension() != ".toml" || p.parent_path().parent_path().filename() != "checks" ||
      !IsSafeIdentifier(*schema) || !IsSafeIdentifier(*table)) {
    return Status::InvalidArgument("{}: a check file must be checks/<schema>/<table>.toml with safe identifiers",
                                   path);
  }
  return Status::OK();
}

Status RefuseUnknownKeys(const config::TableReader& r, CheckType type) {
  static const std::vector<std::string> kCommon = {"type", "severity", "name", "description", "where"};
  const std::vector<std::string>& own = internal::KeysOf(type);
  for (const std::string& key : r.Keys()) {
    if (std::find(kCommon.begin(), kCommon.end(), key) == kCommon.end() &&
        std::find(own.begin(), own.end(), key) == own.end()) {
      return Status::InvalidArgument("{}: unknown key \"{}\" (a {} check takes {})", r.Where(key), r.Qualified(key),
                                     CheckTypeName(type), fmt::join(own, ", "));
    }
  }
  return Status::OK();
}

Result<Check> ParseOne(config::TableReader& r, const std::string& path, const std::string& schema,
                       const std::string& table) {
  Check c;
  c.schema = schema;
  c.table = table;
  c.file = path;
  std::string where = r.Where();
  size_t colon = where.rfind(':');
  c.line = colon == std::string::npos ? 0 : std::atoi(where.c_str() + colon + 1);
  ECOMDW_ASSIGN_OR_RETURN(c.type, ParseType(r));
  ECOMDW_TRY(RefuseUnknownKeys(r, c.type));
  ECOMDW_ASSIGN_OR_RETURN(std::string severity, internal::ReadChoice(r, "severity", {"error", "warn"}, "error"));
  c.severity = severity == "error" ? Severity::kError : Severity::kWarn;
  std::string short_name;
  ECOMDW_TRY(r.String("name", &short_name));
  if (!short_name.empty() && !IsSafeIdentifier(short_name)) {
    return Status::InvalidArgument("{}: key \"{}\": \"{}\" is not a name of [A-Za-z0-9_] (at most 63)",
                                   r.Where("name"), r.Qualified("name"), short_name);
  }
  ECOMDW_TRY(r.String("description", &c.description));

  internal::CheckContext ctx;
  ctx.schema = schema;
  ctx.table = table;
  ECOMDW_ASSIGN_OR_RETURN(ctx.table_sql, QuoteQualified(schema, table));
  ECOMDW_ASSIGN_OR_RETURN(ctx.where, internal::ReadSql(r, "where", false));
  std::string default_name;
  ECOMDW_ASSIGN_OR_RETURN(c.sql, internal::BuilderFor(c.type)(r, ctx, &default_name));
  ECOMDW_TRY(r.Finish());
  if (short_name.empty()) short_name = default_name;
  if (short_name.empty()) {
    return Status::InvalidArgument("{}: missing required key \"{}\" (a {} check must be named)", r.Where(),
                                   r.Qualified("name"), CheckTypeName(c.type));
  }
  c.name = fmt::format("{}.{}.{}", schema, table, short_name);
  return c;
}

}  // namespace

Result<std::vector<Check>> ParseCheckFile(const std::string& path, const std::string& text) {
  std::string schema, table;
  ECOMDW_TRY(TableOfPath(path, &schema, &table));
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<config::TomlDocument> doc, config::ParseToml(text, path));
  config::TableReader root = doc->Root();
  ECOMDW_ASSIGN_OR_RETURN(auto tables, root.TableArray("check"));
  ECOMDW_TRY(root.Finish());
  std::vector<Check> checks;
  std::map<std::string, int> lines;
  for (auto& t : tables) {
    ECOMDW_ASSIGN_OR_RETURN(Check c, ParseOne(*t, path, schema, table));
    auto [it, fresh] = lines.emplace(c.name, c.line);
    if (!fresh) {
      return Status::InvalidArgument("{}:{}: check \"{}\" is already defined at line {}; give it another \"name\"",
                                     path, c.line, c.name, it->second);
    }
    checks.push_back(std::move(c));
  }
  return checks;
}

Result<std::vector<Check>> LoadChecks(const std::filesystem::path& project_dir) {
  const fs::path root = project_dir / "checks";
  std::error_code ec;
  if (!fs::exists(root, ec)) return std::vector<Check>();
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".toml") files.push_back(it->path());
  }
  if (ec) return Status::IOError("listing {}: {}", root.string(), ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Check> all;
  std::map<std::string, std::string> seen;
  for (const fs::path& f : files) {
    const std::string rel = fs::relative(f, project_dir).generic_string();
    ECOMDW_ASSIGN_OR_RETURN(std::string text, objectstore::ReadWholeFile(f));
    ECOMDW_ASSIGN_OR_RETURN(std::vector<Check> checks, ParseCheckFile(rel, text));
    for (Check& c : checks) {
      auto [it, fresh] = seen.emplace(c.name, fmt::format("{}:{}", c.file, c.line));
      if (!fresh) {
        return Status::InvalidArgument("{}:{}: check \"{}\" is already defined at {}", c.file, c.line, c.name,
                                       it->second);
      }
      all.push_back(std::move(c));
    }
  }
  return all;
}

}  // namespace ecomdw::quality
