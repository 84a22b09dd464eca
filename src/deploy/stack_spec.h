// What `ecomdw deploy render` provisions, resolved from ecomdw.toml and
// checked as AWS would check it. The templates (deploy/templates.h) are a pure
// function of this struct, so config and infrastructure cannot drift: change
// ecomdw.toml, render again, deploy.
//
// Not for: talking to AWS. Nothing here reads the environment or a network.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"
#include "config/config.h"

namespace ecomdw::deploy {

// The custom metric a failed build emits (deploy/airflow/ecomdw_dag.py puts
// it; the warehouse template's alarm watches it).
inline constexpr const char* kMetricNamespace = "ecomdw";
inline constexpr const char* kBuildFailedMetric = "BuildFailed";

struct StackSpec {
  std::string project_name;       // [project] name, the alarms' Project dimension
  std::string region;             // [workgroup] region; the templates refuse any other
  std::string workgroup_name;     // [workgroup] name
  std::string namespace_name;     // [workgroup] namespace
  int64_t base_capacity_rpu = 0;  // [workgroup] base_capacity_rpu
  int64_t max_query_execution_time_s = 0;
  std::string raw_bucket;                 // [bucket] deploy_bucket, or the s3:// uri's bucket
  std::string role_name;                  // the COPY role: the redshift target's iam_role_arn, last segment
  std::string role_path = "/";            // its IAM path ("/" or "/a/b/")
  std::optional<std::string> account_id;  // from iam_role_arn / host; the templates refuse any other
  std::string database = "dev";           // the redshift target's dbname
  int64_t port = 5439;                    // the redshift target's port
};

// Resolves the spec from `config` and its Redshift target: `preferred` when it
// is one (the --target the user chose), otherwise the config's only target of
// type redshift; with none, the defaults above and role name
// "<namespace>-copy". Checks, each InvalidArgument naming file and key:
//   - the workgroup as config::ValidateWorkgroup does (base capacity 8..512 in
//     steps of 8, …), again, so a hand-built Config is refused too;
//   - the raw bucket: present, a valid S3 bucket name, and deploy_bucket equal
//     to the s3:// uri's bucket when both are given;
//   - the role name (1..64 of [A-Za-z0-9+=,.@_-]); the database name (1..64 of
//     [a-z0-9_], starting with a letter: what Redshift accepts); the port
//     (5431..5455 or 8191..8215: what Redshift Serverless accepts);
//   - a host of the form <workgroup>.<account>.<region>.redshift-serverless.
//     amazonaws.com naming this workgroup, region and the role's account;
//   - several redshift targets and no --target among them.
Result<StackSpec> ResolveStackSpec(const config::Config& config, const config::Target* preferred);

}  // namespace ecomdw::deploy
