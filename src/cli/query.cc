// `ecomdw query SQL`: one statement against the published warehouse,
// read-only, so it never blocks or sees a build in progress; with
// --unpublished, against the newest unpublished generation instead (what a
// failed build or an ingest left for the next build), read-only too.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "cli/verbs.h"
#include "objectstore/file_util.h"

namespace ecomdw::cli {
namespace {

constexpr size_t kMaxTextRows = 10000;

Status Query(const project::Project& project, const GlobalOptions& globals, const std::string& sql_arg,
             const std::string& file, bool unpublished) {
  std::string sql = sql_arg;
  if (!file.empty()) {
    ECOMDW_ASSIGN_OR_RETURN(sql, objectstore::ReadWholeFile(file));
  }
  if (sql.empty()) return Status::InvalidArgument("query: give SQL as an argument or with --file");
  ECOMDW_ASSIGN_OR_RETURN(auto wh, unpublished ? project.OpenUnpublished() : project.OpenPublished());
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r, wh->Query(sql));
  if (globals.format == OutputFormat::kJson) {
    for (const auto& row : r.rows) {
      nlohmann::json j;
      for (size_t c = 0; c < row.size(); ++c) {
        const auto& v = row[c];
        if (warehouse::IsNull(v)) {
          j[r.column_names[c]] = nullptr;
        } else if (auto* i = std::get_if<int64_t>(&v)) {
          j[r.column_names[c]] = *i;
        } else if (auto* d = std::get_if<double>(&v)) {
          j[r.column_names[c]] = *d;
        } else if (auto* b = std::get_if<bool>(&v)) {
          j[r.column_names[c]] = *b;
        } else {
          j[r.column_names[c]] = warehouse::ValueToString(v);
        }
      }
      fmt::print("{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    return Status::OK();
  }
  std::vector<size_t> width(r.column_names.size());
  std::vector<std::vector<std::string>> cells;
  for (size_t c = 0; c < width.size(); ++c) width[c] = r.column_names[c].size();
  for (size_t i = 0; i < r.rows.size() && i < kMaxTextRows; ++i) {
    std::vector<std::string> line;
    for (size_t c = 0; c < width.size(); ++c) {
      line.push_back(warehouse::ValueToString(r.rows[i][c]));
      width[c] = std::max(width[c], line.back().size());
    }
    cells.push_back(std::move(line));
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string out;
    for (size_t c = 0; c < row.size(); ++c) out += fmt::format("{:<{}}  ", row[c], width[c]);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    fmt::print("{}\n", out);
  };
  print_row(r.column_names);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  print_row(rule);
  for (const auto& row : cells) print_row(row);
  if (r.rows.size() > kMaxTextRows) fmt::print("… {} more rows (use --format json)\n", r.rows.size() - kMaxTextRows);
  return Status::OK();
}

}  // namespace

void AddQueryCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("query", "Run one SQL statement against the published warehouse (read-only)");
  auto sql = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  sub->add_option("sql", *sql, "The statement");
  sub->add_option("--file", *file, "Read the statement from a file");
  auto unpublished = std::make_shared<bool>(false);
  sub->add_flag("--unpublished", *unpublished,
                "Query the newest unpublished generation (a failed build's work, or what ingest landed), read-only");
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals, sql, file, unpublished] {
    *chosen = WithProject(globals, [globals, sql, file, unpublished](const project::Project& p) {
      return Query(p, *globals, *sql, *file, *unpublished);
    });
  });
}

}  // namespace ecomdw::cli
