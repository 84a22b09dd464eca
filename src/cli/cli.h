// The `ecomdw` command line: global options, one subcommand per verb, and the
// one table that maps a Status to the process exit code.
//
// Each verb lives in its own file cli/<verb>.cc and exposes one
// `void Add<Verb>Command(Registry&)` (declared in cli/verbs.h). A verb parses
// its own flags and, when chosen, leaves an Action to run after parsing; the
// Action returns a Status that Run() maps to the exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "common/status.h"
#include "project/project.h"

namespace ecomdw::cli {

// Exit codes, documented in README and `ecomdw --help`.
inline constexpr int kExitOk = 0;
inline constexpr int kExitChecksFailed = 1;
inline constexpr int kExitUsage = 2;  // bad flags, config or input named by the user
inline constexpr int kExitRuntime = 3;

int ExitCodeFor(const Status& status);

enum class OutputFormat { kText, kJson };

struct GlobalOptions {
  std::string project_dir = ".";
  std::string target;  // empty: the project's default target
  std::string log_level = "info";
  OutputFormat format = OutputFormat::kText;
  std::string format_name = "text";  // as given; `query` also takes csv|jsonl|markdown
};

using Action = std::function<Status()>;

// An Action that needs the project: WithProject() loads it from --project
// and --target (once per process) and hands it to the verb. Verbs never
// read ecomdw.toml or open a warehouse themselves.
using ProjectAction = std::function<Status(const project::Project&)>;
Action WithProject(const GlobalOptions* globals, ProjectAction body);

struct Registry {
  CLI::App* app;
  const GlobalOptions* globals;  // filled by the time an Action runs
  Action* chosen;                // a verb's callback stores its Action here
};

// Parses argv, runs the chosen verb and returns the process exit code.
int Run(int argc, char** argv);

}  // namespace ecomdw::cli
