#include "cli/cli.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <map>

#include "cli/verbs.h"

namespace ecomdw::cli {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kCheckFailed: return kExitChecksFailed;
    case StatusCode::kInvalidArgument: return kExitUsage;
    default: return kExitRuntime;
  }
}

Action WithProject(const GlobalOptions* globals, ProjectAction body) {
  return [globals, body = std::move(body)]() -> Status {
    ECOMDW_ASSIGN_OR_RETURN(project::Project p, project::Project::Load(globals->project_dir, globals->target));
    return body(p);
  };
}

namespace {

constexpr const char* kFooter = R"(Exit codes: 0 ok, 1 checks failed (nothing published), 2 usage or config error, 3 runtime error.
Secrets come from the environment only (AWS_*, PG*). Docs: README.md and docs/.)";

void AddVerbs(Registry& r) {
  AddInitCommand(r);
  AddGenerateCommand(r);
  AddIngestCommand(r);
  AddRunCommand(r);
  AddCheckCommand(r);
  AddTestCommand(r);
  AddBuildCommand(r);
  AddDemoCommand(r);
  AddQueryCommand(r);
  AddReportCommand(r);
  AddDocsCommand(r);
  AddStatusCommand(r);
  AddSnapshotCommand(r);
  AddGrantsCommand(r);
  AddDeployCommand(r);
  AddPlanCommand(r);
  AddServeCommand(r);
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{"ecomdw — an ecommerce data warehouse: raw exports in, a checked star schema out",
               "ecomdw"};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("ecomdw ") + ECOMDW_VERSION);

  GlobalOptions globals;
  std::string format = "text";
  app.add_option("--project", globals.project_dir, "Project folder holding ecomdw.toml")
      ->capture_default_str();
  app.add_option("--target", globals.target, "Target from ecomdw.toml (default: the project's default)");
  app.add_option("--log-level", globals.log_level, "trace|debug|info|warn|error|off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  app.add_option("--format", format, "Output format: text|json (query also csv|jsonl|markdown)")
      ->check(CLI::IsMember({"text", "json", "csv", "jsonl", "markdown"}))
      ->capture_default_str();

  Action chosen;
  Registry registry{&app, &globals, &chosen};
  AddVerbs(registry);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints help/version/usage errors itself
    return code == 0 ? kExitOk : kExitUsage;
  }
  globals.format = format == "json" ? OutputFormat::kJson : OutputFormat::kText;
  globals.format_name = format;
  // Logs go to stderr: stdout carries results (tables, --format json).
  spdlog::set_default_logger(spdlog::stderr_color_mt("ecomdw"));
  spdlog::set_level(spdlog::level::from_str(globals.log_level));

  if (!chosen) {
    std::fprintf(stderr, "ecomdw: no command chosen; see ecomdw --help\n");
    return kExitUsage;
  }
  Status status = chosen();
  if (!status.ok()) {
    std::fprintf(stderr, "ecomdw: %s\n", status.ToString().c_str());
  }
  return ExitCodeFor(status);
}

}  // namespace ecomdw::cli
