// Verbs that are designed but not built yet. Each says so plainly and exits
// non-zero; none pretends to work. Move a verb to its own file when it lands.
#include "cli/verbs.h"

namespace ecomdw::cli {

void AddUnbuiltCommand(Registry& r, const std::string& name, const std::string& description,
                       const std::string& tracking) {
  CLI::App* sub = r.app->add_subcommand(name, description + " [not built yet]");
  sub->allow_extras();
  Action* chosen = r.chosen;
  sub->callback([chosen, name, tracking] {
    *chosen = [name, tracking]() -> Status {
      return Status::Internal("`ecomdw {}` is not built yet ({}); nothing was done", name, tracking);
    };
  });
}

void AddDocsCommand(Registry& r) {
  AddUnbuiltCommand(r, "docs", "Write the catalog with lineage", "not yet filed");
}
void AddGrantsCommand(Registry& r) {
  AddUnbuiltCommand(r, "grants", "Apply the roles and grants of ecomdw.toml", "not yet filed");
}

}  // namespace ecomdw::cli

namespace ecomdw::cli {

void AddDemoCommand(Registry& r) {
  AddUnbuiltCommand(r, "demo", "Generate a sample raw zone, build it and print key figures", "issue #8");
}

}  // namespace ecomdw::cli
