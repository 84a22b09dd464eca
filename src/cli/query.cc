// `ecomdw query [SQL] [--file F] [--format text|csv|json|jsonl|markdown]`:
// one read-only statement against the published warehouse (never blocks or
// sees a build in progress); with --unpublished, against the newest
// unpublished generation, read-only too. SQL from the argument, --file
// (`-` = stdin) or stdin when neither is given. Output: src/query_output/.
#include <unistd.h>

#include <iostream>
#include <iterator>

#include "cli/verbs.h"
#include "objectstore/file_util.h"
#include "query_output/plan.h"
#include "query_output/read_only.h"
#include "query_output/render.h"

namespace ecomdw::cli {
namespace {

struct QueryFlags {
  std::string sql;
  std::string file;
  std::string format;  // empty: the global --format
  bool unpublished = false;
};

Result<std::string> ReadSql(const QueryFlags& f) {
  if (!f.sql.empty() && !f.file.empty()) return Status::InvalidArgument("query: give SQL or --file, not both");
  if (!f.sql.empty()) return f.sql;
  if (!f.file.empty() && f.file != "-") return objectstore::ReadWholeFile(f.file);
  if (f.file.empty() && isatty(STDIN_FILENO)) {
    return Status::InvalidArgument("query: give SQL as an argument, with --file, or on stdin");
  }
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

Status Query(const project::Project& project, const GlobalOptions& globals, const QueryFlags& flags) {
  const std::string format_name = flags.format.empty() ? globals.format_name : flags.format;
  std::optional<query_output::Format> format = query_output::ParseFormat(format_name);
  if (!format) return Status::InvalidArgument("query: --format {} (want {})", format_name, query_output::kFormatNames);
  ECOMDW_ASSIGN_OR_RETURN(std::string sql, ReadSql(flags));
  if (sql.find_first_not_of(" \t\r\n;") == std::string::npos) return Status::InvalidArgument("query: the SQL is empty");
  ECOMDW_ASSIGN_OR_RETURN(auto wh, flags.unpublished ? project.OpenUnpublished() : project.OpenPublished());
  ECOMDW_TRY(query_output::CheckReadOnly(*wh, sql));
  ECOMDW_ASSIGN_OR_RETURN(query_output::Plan plan, query_output::PlanQuery(*wh, sql, *format));
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r, wh->Query(plan.sql));
  if (plan.columns.size() != r.column_names.size()) {  // non-DuckDB targets, or no plan
    plan.columns.clear();
    for (const std::string& name : r.column_names) plan.columns.push_back({.name = name});
  }
  std::string out = query_output::Render(*format, plan.columns, r.rows);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return Status::OK();
}

}  // namespace

void AddQueryCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("query", "Run one SQL statement against the published warehouse (read-only)");
  auto flags = std::make_shared<QueryFlags>();
  sub->add_option("sql", flags->sql, "The statement (else --file, else stdin)");
  sub->add_option("--file", flags->file, "Read the statement from a file (- for stdin)");
  sub->add_option("--format", flags->format, std::string("Output format: ") + query_output::kFormatNames)
      ->check(CLI::IsMember({"text", "csv", "json", "jsonl", "markdown"}));
  sub->add_flag("--unpublished", flags->unpublished,
                "Query the newest unpublished generation (a failed build's work, or what ingest landed), read-only");
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals, flags] {
    *chosen = WithProject(globals, [globals, flags](const project::Project& p) { return Query(p, *globals, *flags); });
  });
}

}  // namespace ecomdw::cli
