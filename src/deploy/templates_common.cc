// What both templates share, and the rendering to text.
#include "deploy/templates.h"

namespace ecomdw::deploy {
namespace internal {

using Json = nlohmann::ordered_json;

Json Ref(const std::string& name) { return Json{{"Ref", name}}; }

Json Tags(const StackSpec& spec) {
  return Json::array({Json{{"Key", "ecomdw:project"}, {"Value", spec.project_name}},
                      Json{{"Key", "ecomdw:rendered-by"}, {"Value", "ecomdw deploy render"}}});
}

// The config names one region (and, through the role ARN or the host, one
// account); a stack created anywhere else would be infrastructure the config
// does not describe, so CloudFormation refuses it before creating anything.
Json PlacementRules(const StackSpec& spec) {
  Json rules = Json::object();
  rules["ConfiguredRegion"] = {
      {"Assertions",
       Json::array({Json{
           {"Assert", {{"Fn::Equals", Json::array({Ref("AWS::Region"), spec.region})}}},
           {"AssertDescription", "ecomdw.toml [workgroup] region is " + spec.region +
                                     ": deploy there, or change the config and run `ecomdw deploy render` again"}}})}};
  if (spec.account_id) {
    rules["ConfiguredAccount"] = {
        {"Assertions",
         Json::array({Json{{"Assert", {{"Fn::Equals", Json::array({Ref("AWS::AccountId"), *spec.account_id})}}},
                           {"AssertDescription",
                            "ecomdw.toml's redshift target names account " + *spec.account_id +
                                " (iam_role_arn, host): deploy there, or change the config and render again"}}})}};
  }
  return rules;
}

}  // namespace internal

std::vector<RenderedTemplate> RenderTemplates(const StackSpec& spec) {
  std::vector<RenderedTemplate> out;
  for (auto& [name, json] :
       {std::pair{"storage.json", StorageTemplate(spec)}, std::pair{"warehouse.json", WarehouseTemplate(spec)}}) {
    RenderedTemplate t;
    t.file_name = name;
    // Every string came through the config's UTF-8 checks; replace rather than throw regardless.
    t.text = json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    auto resources = json.find("Resources");
    t.resources = resources == json.end() ? 0 : static_cast<int>(resources->size());
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace ecomdw::deploy
