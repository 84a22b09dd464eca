// `ecomdw init DIR`: writes the built-in ecommerce project into DIR.
#include <filesystem>

#include "cli/verbs.h"
#include "objectstore/file_util.h"
#include "project/embedded_project.h"

namespace ecomdw::cli {
namespace fs = std::filesystem;
namespace {

Status WriteProject(const fs::path& dir, bool force) {
  if (fs::exists(dir / "ecomdw.toml") && !force) {
    return Status::InvalidArgument("{} already holds a project (ecomdw.toml); use --force to overwrite its files",
                                   dir.string());
  }
  int written = 0;
  for (const project::EmbeddedFile& f : project::BuiltInProjectFiles()) {
    ECOMDW_TRY(objectstore::WriteFileAtomically(dir / std::string(f.path), f.content));
    ++written;
  }
  fmt::print("init: wrote the ecommerce project ({} files) to {}\n", written, fs::absolute(dir).lexically_normal().string());
  fmt::print("next: ecomdw generate --scale 0.01 --to file://{}/raw && ecomdw --project {} build\n", dir.string(),
             dir.string());
  return Status::OK();
}

}  // namespace

void AddInitCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("init", "Write the built-in ecommerce project into a folder");
  auto dir = std::make_shared<std::string>(".");
  auto force = std::make_shared<bool>(false);
  sub->add_option("dir", *dir, "Folder to write the project into (created if needed)")->capture_default_str();
  sub->add_flag("--force", *force, "Overwrite the files of an existing project");
  Action* chosen = r.chosen;
  sub->callback([chosen, dir, force] { *chosen = [dir, force] { return WriteProject(*dir, *force); }; });
}

}  // namespace ecomdw::cli
