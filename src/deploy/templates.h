// The CloudFormation templates of a StackSpec, as JSON. Two stacks, deployed
// in this order:
//
//   storage.json    the raw bucket (versioned, SSE-S3, public access blocked,
//                   TLS only, lifecycle for old raw objects) and the Redshift
//                   default IAM role, which may list the raw bucket and read
//                   its objects and nothing else. Exports the bucket and the
//                   role as <stack>-RawBucketName / <stack>-RedshiftRoleArn.
//   warehouse.json  the Redshift Serverless namespace and workgroup (base
//                   capacity from the config; max capacity, usage alarm
//                   threshold, subnets and security groups as parameters),
//                   final-snapshot retention, CloudWatch alarms on RPU usage
//                   and failed builds, and the outputs the redshift target
//                   reads (endpoint, port, database, role ARN). Imports the
//                   role from the storage stack named by StorageStackName.
//
// Split so the storage stack can be deployed alone, e.g. into moto (which
// does not emulate Redshift Serverless). Both refuse, through CloudFormation
// Rules, a region (and account, when the config names one) other than the
// config's. Output is deterministic: the same spec gives the same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "deploy/stack_spec.h"

namespace ecomdw::deploy {

nlohmann::ordered_json StorageTemplate(const StackSpec& spec);
nlohmann::ordered_json WarehouseTemplate(const StackSpec& spec);

struct RenderedTemplate {
  std::string file_name;  // "storage.json"
  std::string text;       // the template, 2-space indented, ending in '\n'
  int resources = 0;
};

// storage.json then warehouse.json.
std::vector<RenderedTemplate> RenderTemplates(const StackSpec& spec);

// Shared pieces of both templates (templates_common.cc).
namespace internal {
nlohmann::ordered_json Tags(const StackSpec& spec);
nlohmann::ordered_json PlacementRules(const StackSpec& spec);
nlohmann::ordered_json Ref(const std::string& name);
}  // namespace internal

}  // namespace ecomdw::deploy
