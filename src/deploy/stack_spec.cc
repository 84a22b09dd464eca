#include "deploy/stack_spec.h"

#include <regex>
#include <vector>

#include "config/config_values.h"
#include "objectstore/s3_settings.h"

namespace ecomdw::deploy {
namespace {

constexpr std::string_view kServerlessDomain = ".redshift-serverless.amazonaws.com";

Result<std::string> RawBucket(const config::Config& config) {
  const std::string file = config.file.string();
  const config::Bucket& b = config.bucket;
  std::string from_uri;
  if (b.uri.rfind("s3://", 0) == 0) {
    Result<objectstore::S3Settings> s3 = objectstore::ParseS3Uri(b.uri);
    if (!s3.ok()) return Status::InvalidArgument("{}: bucket.uri: {}", file, s3.status().message());
    from_uri = s3->bucket;
  }
  if (!b.deploy_bucket.empty() && !from_uri.empty() && b.deploy_bucket != from_uri) {
    return Status::InvalidArgument(
        "{}: bucket.deploy_bucket \"{}\" is not the bucket of bucket.uri \"{}\"; the deployed bucket must be the one "
        "ecomdw reads",
        file, b.deploy_bucket, b.uri);
  }
  std::string name = b.deploy_bucket.empty() ? from_uri : b.deploy_bucket;
  if (name.empty()) {
    return Status::InvalidArgument(
        "{}: bucket.deploy_bucket is missing: bucket.uri \"{}\" is local, so name the S3 bucket to provision "
        "(e.g. deploy_bucket = \"ecommerce-raw-data\")",
        file, b.uri);
  }
  Status st = config::CheckS3BucketName(name);
  if (!st.ok()) return Status::InvalidArgument("{}: bucket.deploy_bucket: {}", file, st.message());
  return name;
}

Result<const config::Target*> RedshiftTarget(const config::Config& config, const config::Target* preferred) {
  if (preferred != nullptr && preferred->type == config::TargetType::kRedshift) return preferred;
  const config::Target* found = nullptr;
  for (const config::Target& t : config.targets) {
    if (t.type != config::TargetType::kRedshift) continue;
    if (found != nullptr) {
      return Status::InvalidArgument(
          "{}: targets.{} and targets.{} are both redshift targets; choose one with --target", config.file.string(),
          found->name, t.name);
    }
    found = &t;
  }
  return found;
}

// Fills role name, path and account from "arn:aws:iam::ACCOUNT:role/PATH/NAME".
Status ReadRoleArn(const std::string& where, const std::string& arn, StackSpec* spec) {
  ECOMDW_TRY(config::CheckIamRoleArn(arn).WithContext(where));
  size_t account_at = arn.find(":iam::") + 6;
  spec->account_id = arn.substr(account_at, 12);
  std::string path_and_name = arn.substr(arn.find(":role/") + 5);  // "/PATH/NAME"
  size_t last = path_and_name.rfind('/');
  spec->role_path = path_and_name.substr(0, last + 1);
  spec->role_name = path_and_name.substr(last + 1);
  static const std::regex kName(R"([A-Za-z0-9+=,.@_-]{1,64})");
  if (!std::regex_match(spec->role_name, kName)) {
    return Status::InvalidArgument("{}: role name \"{}\" must be 1-64 of [A-Za-z0-9+=,.@_-] (IAM)", where,
                                   spec->role_name);
  }
  return Status::OK();
}

// A Serverless endpoint names its workgroup, account and region; a host that
// names others would send the build to another warehouse than the one
// provisioned. Other hosts (a proxy, a VPC endpoint alias) are left alone.
Status CheckHost(const std::string& where, const std::string& host, StackSpec* spec) {
  if (host.size() <= kServerlessDomain.size() ||
      host.compare(host.size() - kServerlessDomain.size(), kServerlessDomain.size(), kServerlessDomain) != 0) {
    return Status::OK();
  }
  std::string want_tail = "." + spec->region + std::string(kServerlessDomain);
  std::string wg_prefix = spec->workgroup_name + ".";
  bool shape = host.size() > want_tail.size() + wg_prefix.size() && host.rfind(wg_prefix, 0) == 0 &&
               host.compare(host.size() - want_tail.size(), want_tail.size(), want_tail) == 0;
  std::string account = shape ? host.substr(wg_prefix.size(), host.size() - want_tail.size() - wg_prefix.size()) : "";
  if (!shape || !std::regex_match(account, std::regex("[0-9]{12}"))) {
    return Status::InvalidArgument(
        "{} \"{}\": expected {}ACCOUNT{} for workgroup.name \"{}\" and workgroup.region \"{}\"", where, host, wg_prefix,
        want_tail, spec->workgroup_name, spec->region);
  }
  if (spec->account_id && *spec->account_id != account) {
    return Status::InvalidArgument("{} \"{}\": account {} is not the iam_role_arn's account {}", where, host, account,
                                   *spec->account_id);
  }
  spec->account_id = account;
  return Status::OK();
}

Status ReadTarget(const config::Config& config, const config::Target& t, StackSpec* spec) {
  const std::string key = fmt::format("{}: targets.{}.", config.file.string(), t.name);
  if (!t.iam_role_arn.empty()) ECOMDW_TRY(ReadRoleArn(key + "iam_role_arn", t.iam_role_arn, spec));
  if (!t.dbname.empty()) {
    if (!std::regex_match(t.dbname, std::regex("[a-z][a-z0-9_]{0,63}"))) {
      return Status::InvalidArgument(
          "{}dbname \"{}\": Redshift database names are 1-64 of [a-z0-9_], starting with a "
          "letter",
          key, t.dbname);
    }
    spec->database = t.dbname;
  }
  if (!((t.port >= 5431 && t.port <= 5455) || (t.port >= 8191 && t.port <= 8215))) {
    return Status::InvalidArgument("{}port {}: Redshift Serverless accepts 5431-5455 or 8191-8215", key, t.port);
  }
  spec->port = t.port;
  if (!t.host.empty()) ECOMDW_TRY(CheckHost(key + "host", t.host, spec));
  return Status::OK();
}

}  // namespace

Result<StackSpec> ResolveStackSpec(const config::Config& config, const config::Target* preferred) {
  const config::Workgroup& wg = config.workgroup;
  const std::string where = config.file.string();
  ECOMDW_TRY(config::ValidateWorkgroup(wg, where));
  ECOMDW_TRY(config::CheckAwsName(wg.name).WithContext(where + ": workgroup.name"));
  ECOMDW_TRY(config::CheckAwsName(wg.namespace_name).WithContext(where + ": workgroup.namespace"));
  ECOMDW_TRY(config::CheckAwsRegion(wg.region).WithContext(where + ": workgroup.region"));

  StackSpec spec;
  spec.project_name = config.project_name;
  spec.region = wg.region;
  spec.workgroup_name = wg.name;
  spec.namespace_name = wg.namespace_name;
  spec.base_capacity_rpu = wg.base_capacity_rpu;
  spec.max_query_execution_time_s = wg.max_query_execution_time_s;
  spec.role_name = wg.namespace_name + "-copy";
  ECOMDW_ASSIGN_OR_RETURN(spec.raw_bucket, RawBucket(config));
  ECOMDW_ASSIGN_OR_RETURN(const config::Target* target, RedshiftTarget(config, preferred));
  if (target != nullptr) ECOMDW_TRY(ReadTarget(config, *target, &spec));
  return spec;
}

}  // namespace ecomdw::deploy
