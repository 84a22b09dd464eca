// storage.json: the raw bucket and the Redshift default IAM role.
#include "deploy/templates.h"

namespace ecomdw::deploy {
namespace {

using Json = nlohmann::ordered_json;
using internal::Ref;

Json Parameters() {
  Json p = Json::object();
  p["RawObjectTransitionDays"] = {
      {"Type", "Number"},
      {"Default", 90},
      {"MinValue", 30},
      {"Description", "Days after which raw objects move to S3 Standard-IA (S3 requires 30 or more)"}};
  p["RawObjectExpirationDays"] = {
      {"Type", "Number"},
      {"Default", 0},
      {"MinValue", 0},
      {"Description",
       "Days after which raw objects are deleted; 0 keeps them (a full refresh rebuilds from the raw zone)"}};
  p["NoncurrentVersionExpirationDays"] = {
      {"Type", "Number"},
      {"Default", 30},
      {"MinValue", 1},
      {"Description", "Days an overwritten or deleted raw object stays recoverable as a noncurrent version"}};
  return p;
}

Json RawBucket(const StackSpec& spec) {
  Json rule = {
      {"Id", "old-raw-objects"},
      {"Status", "Enabled"},
      {"Transitions",
       Json::array({Json{{"StorageClass", "STANDARD_IA"}, {"TransitionInDays", Ref("RawObjectTransitionDays")}}})},
      {"ExpirationInDays",
       {{"Fn::If", Json::array({"ExpireRawObjects", Ref("RawObjectExpirationDays"), Ref("AWS::NoValue")})}}},
      {"NoncurrentVersionExpiration", {{"NoncurrentDays", Ref("NoncurrentVersionExpirationDays")}}},
      {"AbortIncompleteMultipartUpload", {{"DaysAfterInitiation", 7}}}};
  Json props = {{"BucketName", spec.raw_bucket},
                {"VersioningConfiguration", {{"Status", "Enabled"}}},
                {"BucketEncryption",
                 {{"ServerSideEncryptionConfiguration",
                   Json::array({Json{{"ServerSideEncryptionByDefault", {{"SSEAlgorithm", "AES256"}}}}})}}},
                {"PublicAccessBlockConfiguration",
                 {{"BlockPublicAcls", true},
                  {"BlockPublicPolicy", true},
                  {"IgnorePublicAcls", true},
                  {"RestrictPublicBuckets", true}}},
                {"OwnershipControls", {{"Rules", Json::array({Json{{"ObjectOwnership", "BucketOwnerEnforced"}}})}}},
                {"LifecycleConfiguration", {{"Rules", Json::array({rule})}}},
                {"Tags", internal::Tags(spec)}};
  // The raw zone is the warehouse's source of truth: it outlives the stack.
  return {{"Type", "AWS::S3::Bucket"},
          {"DeletionPolicy", "Retain"},
          {"UpdateReplacePolicy", "Retain"},
          {"Properties", props}};
}

// Denies plain-HTTP access. A Deny grants nothing, so the role stays the
// only reader the stack creates.
Json RawBucketPolicy() {
  Json deny = {{"Sid", "DenyInsecureTransport"},
               {"Effect", "Deny"},
               {"Principal", "*"},
               {"Action", "s3:*"},
               {"Resource", Json::array({Json{{"Fn::GetAtt", Json::array({"RawBucket", "Arn"})}},
                                         Json{{"Fn::Sub", "${RawBucket.Arn}/*"}}})},
               {"Condition", {{"Bool", {{"aws:SecureTransport", "false"}}}}}};
  return {{"Type", "AWS::S3::BucketPolicy"},
          {"Properties",
           {{"Bucket", Ref("RawBucket")},
            {"PolicyDocument", {{"Version", "2012-10-17"}, {"Statement", Json::array({deny})}}}}}};
}

// The role Redshift assumes for COPY FROM 's3://…' IAM_ROLE: list the raw
// bucket, read its objects; nothing else (no writes, no other bucket, no KMS:
// the bucket uses SSE-S3).
Json RedshiftRole(const StackSpec& spec) {
  Json trust = {
      {"Version", "2012-10-17"},
      {"Statement",
       Json::array({Json{
           {"Effect", "Allow"},
           {"Principal", {{"Service", Json::array({"redshift.amazonaws.com", "redshift-serverless.amazonaws.com"})}}},
           {"Action", "sts:AssumeRole"}}})}};
  Json read = {{"Version", "2012-10-17"},
               {"Statement", Json::array({Json{{"Sid", "ListRawBucket"},
                                               {"Effect", "Allow"},
                                               {"Action", Json::array({"s3:ListBucket"})},
                                               {"Resource", Json{{"Fn::GetAtt", Json::array({"RawBucket", "Arn"})}}}},
                                          Json{{"Sid", "ReadRawObjects"},
                                               {"Effect", "Allow"},
                                               {"Action", Json::array({"s3:GetObject"})},
                                               {"Resource", Json{{"Fn::Sub", "${RawBucket.Arn}/*"}}}}})}};
  return {{"Type", "AWS::IAM::Role"},
          {"Properties",
           {{"RoleName", spec.role_name},
            {"Path", spec.role_path},
            {"Description", "Redshift default role of " + spec.namespace_name + ": reads the raw bucket " +
                                spec.raw_bucket + " for COPY, nothing else"},
            {"AssumeRolePolicyDocument", trust},
            {"Policies", Json::array({Json{{"PolicyName", "read-raw-bucket"}, {"PolicyDocument", read}}})},
            {"Tags", internal::Tags(spec)}}}};
}

Json Output(const std::string& description, Json value, const std::string& export_suffix) {
  Json o = {{"Description", description}, {"Value", std::move(value)}};
  if (!export_suffix.empty()) o["Export"] = {{"Name", {{"Fn::Sub", "${AWS::StackName}-" + export_suffix}}}};
  return o;
}

}  // namespace

Json StorageTemplate(const StackSpec& spec) {
  Json t = Json::object();
  t["AWSTemplateFormatVersion"] = "2010-09-09";
  t["Description"] = "ecomdw storage of project " + spec.project_name + ": the raw bucket " + spec.raw_bucket +
                     " and the Redshift default IAM role. Rendered by `ecomdw deploy render` from ecomdw.toml; "
                     "change the config and render again instead of editing.";
  t["Parameters"] = Parameters();
  t["Rules"] = internal::PlacementRules(spec);
  t["Conditions"] = {
      {"ExpireRawObjects",
       {{"Fn::Not", Json::array({Json{{"Fn::Equals", Json::array({Ref("RawObjectExpirationDays"), 0})}}})}}}};
  t["Resources"] = {
      {"RawBucket", RawBucket(spec)}, {"RawBucketPolicy", RawBucketPolicy()}, {"RedshiftRole", RedshiftRole(spec)}};
  t["Outputs"] = {
      {"RawBucketName", Output("The raw bucket (bucket.uri = \"s3://NAME\")", Ref("RawBucket"), "RawBucketName")},
      {"RawBucketArn", Output("The raw bucket's ARN", Json{{"Fn::GetAtt", Json::array({"RawBucket", "Arn"})}}, "")},
      {"RedshiftRoleArn", Output("The Redshift default IAM role (targets.<redshift>.iam_role_arn)",
                                 Json{{"Fn::GetAtt", Json::array({"RedshiftRole", "Arn"})}}, "RedshiftRoleArn")}};
  return t;
}

}  // namespace ecomdw::deploy
