// `ecomdw deploy render [--out DIR]`: writes the CloudFormation templates of
// the project (src/deploy/templates.h) into DIR and prints their paths. The
// [workgroup], [bucket] and redshift target of ecomdw.toml are the only
// input: render again after changing them, then `aws cloudformation deploy`
// (docs/deploy.md). Talks to no AWS service.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/verbs.h"
#include "deploy/stack_spec.h"
#include "deploy/templates.h"
#include "objectstore/file_util.h"

namespace ecomdw::cli {
namespace fs = std::filesystem;
namespace {

Status Render(const project::Project& project, const GlobalOptions& globals, const std::string& out) {
  ECOMDW_ASSIGN_OR_RETURN(deploy::StackSpec spec, deploy::ResolveStackSpec(project.config(), &project.target()));
  std::vector<deploy::RenderedTemplate> templates = deploy::RenderTemplates(spec);
  fs::path dir = fs::absolute(out).lexically_normal();
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const deploy::RenderedTemplate& t : templates) {
    fs::path file = dir / t.file_name;
    ECOMDW_TRY(objectstore::WriteFileAtomically(file, t.text));
    files.push_back({{"file", file.string()}, {"resources", t.resources}, {"bytes", t.text.size()}});
  }
  if (globals.format == OutputFormat::kJson) {
    nlohmann::ordered_json j = {{"workgroup", spec.workgroup_name},
                                {"base_capacity_rpu", spec.base_capacity_rpu},
                                {"raw_bucket", spec.raw_bucket},
                                {"role", spec.role_name},
                                {"files", files}};
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return Status::OK();
  }
  for (const auto& f : files) fmt::print("{}\n", f["file"].get_ref<const std::string&>());
  fmt::print(stderr, "deploy render: workgroup {} ({} RPU), bucket {}, role {}; deploy storage.json first\n",
             spec.workgroup_name, spec.base_capacity_rpu, spec.raw_bucket, spec.role_name);
  return Status::OK();
}

}  // namespace

void AddDeployCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("deploy", "Render the AWS infrastructure (CloudFormation) of ecomdw.toml");
  sub->require_subcommand(1);
  CLI::App* render = sub->add_subcommand(
      "render", "Write storage.json and warehouse.json (Redshift Serverless, raw bucket, IAM role, alarms)");
  auto out = std::make_shared<std::string>("deploy/cloudformation");
  render->add_option("--out", *out, "Folder to write the templates into (created if needed)")->capture_default_str();
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  render->callback([chosen, globals, out] {
    *chosen = WithProject(globals, [globals, out](const project::Project& p) { return Render(p, *globals, *out); });
  });
}

}  // namespace ecomdw::cli
