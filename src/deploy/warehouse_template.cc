// warehouse.json: Redshift Serverless namespace and workgroup, alarms, and
// the outputs the redshift target reads.
#include <string>

#include "deploy/templates.h"

namespace ecomdw::deploy {
namespace {

using Json = nlohmann::ordered_json;
using internal::Ref;

Json GetAtt(const std::string& resource, const std::string& attribute) {
  return {{"Fn::GetAtt", Json::array({resource, attribute})}};
}

Json ImportFromStorage(const std::string& export_suffix) {
  return {{"Fn::ImportValue", {{"Fn::Sub", "${StorageStackName}-" + export_suffix}}}};
}

Json IfElseNoValue(const std::string& condition, Json value) {
  return {{"Fn::If", Json::array({condition, std::move(value), Ref("AWS::NoValue")})}};
}

Json Parameters(const StackSpec& spec) {
  Json p = Json::object();
  p["StorageStackName"] = {{"Type", "String"},
                           {"Default", spec.namespace_name + "-storage"},
                           {"Description", "The stack of storage.json, whose exports give the Redshift role"}};
  p["MaxCapacity"] = {
      {"Type", "Number"},
      {"Default", 0},
      {"MinValue", 0},
      {"MaxValue", 5632},
      {"Description", "Most RPU the workgroup may scale to (a multiple of 8, at least the base capacity " +
                          std::to_string(spec.base_capacity_rpu) + "); 0 leaves AWS's default"}};
  p["DailyUsageAlarmRpuHours"] = {
      {"Type", "Number"},
      {"Default", spec.base_capacity_rpu * 8},
      {"MinValue", 1},
      {"Description",
       "Alarm when a day's compute passes this many RPU-hours (default: 8 hours at base capacity). CloudFormation "
       "has no Redshift Serverless usage-limit resource: see docs/deploy.md for the hard limit"}};
  p["RpuAlarmThreshold"] = {{"Type", "Number"},
                            {"Default", spec.base_capacity_rpu * 2},
                            {"MinValue", 8},
                            {"Description", "Alarm when the workgroup runs at this many RPU or more for 15 minutes"}};
  p["AdminUsername"] = {{"Type", "String"},
                        {"Default", "admin"},
                        {"AllowedPattern", "[a-z][a-z0-9_]{0,127}"},
                        {"Description", "The namespace's admin user; its password lives in Secrets Manager"}};
  p["SubnetIds"] = {{"Type", "CommaDelimitedList"},
                    {"Default", ""},
                    {"Description", "Subnets of the workgroup; empty: the default VPC's subnets"}};
  p["SecurityGroupIds"] = {{"Type", "CommaDelimitedList"},
                           {"Default", ""},
                           {"Description", "Security groups of the workgroup; empty: the default VPC's default group"}};
  p["FinalSnapshotRetentionDays"] = {
      {"Type", "Number"},
      {"Default", 90},
      {"MinValue", -1},
      {"MaxValue", 3653},
      {"Description", "Days the snapshot taken when the namespace is deleted is kept (-1: indefinitely)"}};
  p["AlarmEmail"] = {
      {"Type", "String"}, {"Default", ""}, {"Description", "Where the alarms are e-mailed; empty: only the SNS topic"}};
  return p;
}

Json Conditions() {
  auto is_empty_list = [](const std::string& param) {
    return Json{{"Fn::Equals", Json::array({Json{{"Fn::Join", Json::array({"", Ref(param)})}}, ""})}};
  };
  auto not_equal = [](const std::string& param, Json value) {
    return Json{{"Fn::Not", Json::array({Json{{"Fn::Equals", Json::array({Ref(param), std::move(value)})}}})}};
  };
  Json c = Json::object();
  c["CapMaxCapacity"] = not_equal("MaxCapacity", 0);
  c["DefaultSubnets"] = is_empty_list("SubnetIds");
  c["DefaultSecurityGroups"] = is_empty_list("SecurityGroupIds");
  c["EmailAlarms"] = not_equal("AlarmEmail", "");
  return c;
}

Json Namespace(const StackSpec& spec) {
  return {{"Type", "AWS::RedshiftServerless::Namespace"},
          {"Properties",
           {{"NamespaceName", spec.namespace_name},
            {"DbName", spec.database},
            {"AdminUsername", Ref("AdminUsername")},
            {"ManageAdminPassword", true},
            {"DefaultIamRoleArn", ImportFromStorage("RedshiftRoleArn")},
            {"IamRoles", Json::array({ImportFromStorage("RedshiftRoleArn")})},
            {"LogExports", Json::array({"connectionlog", "useractivitylog", "userlog"})},
            // Recovery points (every 30 minutes, kept 24 hours) are
            // automatic; this keeps a snapshot when the namespace is deleted.
            {"FinalSnapshotName", spec.namespace_name + "-final"},
            {"FinalSnapshotRetentionPeriod", Ref("FinalSnapshotRetentionDays")},
            {"Tags", internal::Tags(spec)}}}};
}

Json Workgroup(const StackSpec& spec) {
  auto param = [](const std::string& key, const std::string& value) {
    return Json{{"ParameterKey", key}, {"ParameterValue", value}};
  };
  return {{"Type", "AWS::RedshiftServerless::Workgroup"},
          {"DependsOn", "Namespace"},
          {"Properties",
           {{"WorkgroupName", spec.workgroup_name},
            {"NamespaceName", spec.namespace_name},
            {"BaseCapacity", spec.base_capacity_rpu},
            {"MaxCapacity", IfElseNoValue("CapMaxCapacity", Ref("MaxCapacity"))},
            // COPY and UNLOAD go through the VPC (its endpoints, routes and
            // policies), not the public S3 endpoints.
            {"EnhancedVpcRouting", true},
            {"PubliclyAccessible", false},
            {"Port", spec.port},
            {"SubnetIds", {{"Fn::If", Json::array({"DefaultSubnets", Ref("AWS::NoValue"), Ref("SubnetIds")})}}},
            {"SecurityGroupIds",
             {{"Fn::If", Json::array({"DefaultSecurityGroups", Ref("AWS::NoValue"), Ref("SecurityGroupIds")})}}},
            {"ConfigParameters",
             Json::array({param("enable_user_activity_logging", "true"),
                          param("max_query_execution_time", std::to_string(spec.max_query_execution_time_s)),
                          param("require_ssl", "true")})},
            {"Tags", internal::Tags(spec)}}}};
}

Json Alarm(const std::string& description, Json metric, const std::string& threshold_param_or_empty, int threshold,
           int evaluation_periods) {
  Json props = {{"AlarmDescription", description},
                {"ComparisonOperator", "GreaterThanOrEqualToThreshold"},
                {"EvaluationPeriods", evaluation_periods},
                {"Threshold", threshold_param_or_empty.empty() ? Json(threshold) : Ref(threshold_param_or_empty)},
                {"TreatMissingData", "notBreaching"},
                {"AlarmActions", Json::array({Ref("AlarmTopic")})}};
  props.update(metric);
  return {{"Type", "AWS::CloudWatch::Alarm"}, {"Properties", props}};
}

Json Alarms(const StackSpec& spec) {
  Json workgroup_dimension = Json::array({Json{{"Name", "Workgroup"}, {"Value", spec.workgroup_name}}});
  Json rpu = {{"Namespace", "AWS/Redshift-Serverless"},
              {"MetricName", "ComputeCapacity"},
              {"Dimensions", workgroup_dimension},
              {"Statistic", "Maximum"},
              {"Period", 300}};
  // ComputeSeconds counts RPU-seconds; the alarm compares RPU-hours a day.
  Json daily = {{"Metrics",
                 Json::array({Json{{"Id", "rpu_seconds"},
                                   {"ReturnData", false},
                                   {"MetricStat",
                                    {{"Metric",
                                      {{"Namespace", "AWS/Redshift-Serverless"},
                                       {"MetricName", "ComputeSeconds"},
                                       {"Dimensions", workgroup_dimension}}},
                                     {"Period", 86400},
                                     {"Stat", "Sum"}}}},
                              Json{{"Id", "rpu_hours"}, {"Expression", "rpu_seconds / 3600"}, {"ReturnData", true}}})}};
  Json failed = {{"Namespace", kMetricNamespace},
                 {"MetricName", kBuildFailedMetric},
                 {"Dimensions", Json::array({Json{{"Name", "Project"}, {"Value", spec.project_name}}})},
                 {"Statistic", "Sum"},
                 {"Period", 300}};
  Json a = Json::object();
  a["RpuUsageAlarm"] =
      Alarm("Workgroup " + spec.workgroup_name + " ran at RpuAlarmThreshold RPU or more for 15 minutes", rpu,
            "RpuAlarmThreshold", 0, 3);
  a["DailyUsageAlarm"] =
      Alarm("Workgroup " + spec.workgroup_name + " used DailyUsageAlarmRpuHours RPU-hours or more in a day", daily,
            "DailyUsageAlarmRpuHours", 0, 1);
  a["FailedBuildAlarm"] =
      Alarm(std::string("A build of project ") + spec.project_name + " failed (custom metric " + kMetricNamespace +
                "/" + kBuildFailedMetric + ", put by deploy/airflow/ecomdw_dag.py)",
            failed, "", 1, 1);
  return a;
}

Json Output(const std::string& description, Json value) {
  return {{"Description", description}, {"Value", std::move(value)}};
}

}  // namespace

Json WarehouseTemplate(const StackSpec& spec) {
  Json t = Json::object();
  t["AWSTemplateFormatVersion"] = "2010-09-09";
  t["Description"] = "ecomdw warehouse of project " + spec.project_name + ": Redshift Serverless workgroup " +
                     spec.workgroup_name + " (" + std::to_string(spec.base_capacity_rpu) + " RPU base) in namespace " +
                     spec.namespace_name +
                     ", with alarms. Rendered by `ecomdw deploy render` from ecomdw.toml; change the config and "
                     "render again instead of editing.";
  t["Parameters"] = Parameters(spec);
  t["Rules"] = internal::PlacementRules(spec);
  t["Conditions"] = Conditions();
  Json resources = {{"Namespace", Namespace(spec)}, {"Workgroup", Workgroup(spec)}};
  resources["AlarmTopic"] = {{"Type", "AWS::SNS::Topic"},
                             {"Properties",
                              // Not encrypted with alias/aws/sns: CloudWatch cannot
                              // publish to a topic under that AWS-managed key.
                              {{"TopicName", spec.workgroup_name + "-alarms"}, {"Tags", internal::Tags(spec)}}}};
  resources["AlarmEmailSubscription"] = {
      {"Type", "AWS::SNS::Subscription"},
      {"Condition", "EmailAlarms"},
      {"Properties", {{"TopicArn", Ref("AlarmTopic")}, {"Protocol", "email"}, {"Endpoint", Ref("AlarmEmail")}}}};
  resources.update(Alarms(spec));
  t["Resources"] = resources;
  t["Outputs"] = {
      {"Endpoint", Output("targets.<redshift>.host", GetAtt("Workgroup", "Workgroup.Endpoint.Address"))},
      {"Port", Output("targets.<redshift>.port", std::to_string(spec.port))},
      {"Database", Output("targets.<redshift>.dbname", spec.database)},
      // Read back from the namespace (an output may not re-export an import).
      {"RoleArn",
       Output("targets.<redshift>.iam_role_arn (COPY … IAM_ROLE)", GetAtt("Namespace", "Namespace.DefaultIamRoleArn"))},
      {"WorkgroupArn", Output("For the usage limit (docs/deploy.md)", GetAtt("Workgroup", "Workgroup.WorkgroupArn"))},
      {"AlarmTopicArn", Output("Where the alarms go", Ref("AlarmTopic"))}};
  return t;
}

}  // namespace ecomdw::deploy
