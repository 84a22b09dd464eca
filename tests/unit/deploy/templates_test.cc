#include "deploy/templates.h"

#include <gtest/gtest.h>

namespace ecomdw::deploy {
namespace {

using Json = nlohmann::ordered_json;

StackSpec Spec() {
  StackSpec s;
  s.project_name = "ecommerce";
  s.region = "eu-west-1";
  s.workgroup_name = "wg-one";
  s.namespace_name = "ns-one";
  s.base_capacity_rpu = 64;
  s.max_query_execution_time_s = 1800;
  s.raw_bucket = "team-raw";
  s.role_name = "copy-role";
  s.database = "analytics";
  s.port = 5440;
  return s;
}

TEST(DeployTemplatesTest, SameSpecSameBytes) {
  auto a = RenderTemplates(Spec());
  auto b = RenderTemplates(Spec());
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].file_name, "storage.json");
  EXPECT_EQ(a[1].file_name, "warehouse.json");
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].text, b[i].text);
  EXPECT_EQ(a[0].resources, 3);
  EXPECT_EQ(a[0].text.back(), '\n');
}

TEST(DeployTemplatesTest, WorkgroupCarriesTheSpec) {
  Json t = WarehouseTemplate(Spec());
  const Json& wg = t["Resources"]["Workgroup"]["Properties"];
  EXPECT_EQ(wg["BaseCapacity"], 64);
  EXPECT_EQ(wg["WorkgroupName"], "wg-one");
  EXPECT_EQ(wg["NamespaceName"], "ns-one");
  EXPECT_EQ(wg["EnhancedVpcRouting"], true);
  EXPECT_EQ(wg["PubliclyAccessible"], false);
  EXPECT_EQ(wg["Port"], 5440);
  EXPECT_EQ(wg["ConfigParameters"][1]["ParameterValue"], "1800");
  EXPECT_EQ(t["Resources"]["Namespace"]["Properties"]["DbName"], "analytics");
  EXPECT_EQ(t["Parameters"]["RpuAlarmThreshold"]["Default"], 128);
  EXPECT_EQ(t["Rules"]["ConfiguredRegion"]["Assertions"][0]["Assert"]["Fn::Equals"][1], "eu-west-1");
  EXPECT_FALSE(t["Rules"].contains("ConfiguredAccount"));
  EXPECT_EQ(t["Outputs"]["Port"]["Value"], "5440");
}

TEST(DeployTemplatesTest, RoleReadsTheRawBucketOnly) {
  Json t = StorageTemplate(Spec());
  EXPECT_EQ(t["Resources"]["RawBucket"]["Properties"]["BucketName"], "team-raw");
  const Json& role = t["Resources"]["RedshiftRole"]["Properties"];
  EXPECT_EQ(role["RoleName"], "copy-role");
  ASSERT_EQ(role["Policies"].size(), 1u);
  const Json& statements = role["Policies"][0]["PolicyDocument"]["Statement"];
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0]["Action"], Json::array({"s3:ListBucket"}));
  EXPECT_EQ(statements[0]["Resource"]["Fn::GetAtt"], Json::array({"RawBucket", "Arn"}));
  EXPECT_EQ(statements[1]["Action"], Json::array({"s3:GetObject"}));
  EXPECT_EQ(statements[1]["Resource"]["Fn::Sub"], "${RawBucket.Arn}/*");
  for (const char* key : {"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"}) {
    EXPECT_EQ(t["Resources"]["RawBucket"]["Properties"]["PublicAccessBlockConfiguration"][key], true) << key;
  }
}

TEST(DeployTemplatesTest, AKnownAccountIsEnforced) {
  StackSpec s = Spec();
  s.account_id = "123456789012";
  for (const Json& t : {StorageTemplate(s), WarehouseTemplate(s)}) {
    EXPECT_EQ(t["Rules"]["ConfiguredAccount"]["Assertions"][0]["Assert"]["Fn::Equals"][1], "123456789012");
  }
}

}  // namespace
}  // namespace ecomdw::deploy
