// One Add<Verb>Command per file in cli/. Keep in the order of `ecomdw --help`.
#pragma once

#include "cli/cli.h"

namespace ecomdw::cli {

void AddInitCommand(Registry& r);
void AddGenerateCommand(Registry& r);
void AddIngestCommand(Registry& r);
void AddRunCommand(Registry& r);
void AddCheckCommand(Registry& r);
void AddTestCommand(Registry& r);
void AddBuildCommand(Registry& r);
void AddDemoCommand(Registry& r);
void AddQueryCommand(Registry& r);
void AddReportCommand(Registry& r);
void AddDocsCommand(Registry& r);
void AddStatusCommand(Registry& r);
void AddSnapshotCommand(Registry& r);
void AddGrantsCommand(Registry& r);
void AddDeployCommand(Registry& r);
void AddPlanCommand(Registry& r);
// The plan printed by `ecomdw plan`, for `build --dry-run` too (cli/plan.cc).
Status ShowPlan(const project::Project& project, const GlobalOptions& globals);
void AddServeCommand(Registry& r);

// A verb that is designed but not built yet: it parses --help and, when run,
// says so and exits non-zero. Replace with the real file when it lands.
void AddUnbuiltCommand(Registry& r, const std::string& name, const std::string& description,
                       const std::string& tracking);

}  // namespace ecomdw::cli
