#include "deploy/stack_spec.h"

#include <gtest/gtest.h>

#include "project/embedded_project.h"

namespace ecomdw::deploy {
namespace {

std::string BuiltInToml() {
  for (const auto& f : project::BuiltInProjectFiles()) {
    if (f.path == "ecomdw.toml") return std::string(f.content);
  }
  return "";
}

Result<config::Config> Parse(const std::string& text) { return config::ParseConfig(text, "/proj/ecomdw.toml"); }

// The built-in project with `from` replaced by `to` (which must occur).
Result<config::Config> BuiltInWith(const std::string& from, const std::string& to) {
  std::string text = BuiltInToml();
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return Parse(text);
}

Status SpecStatus(const Result<config::Config>& cfg) {
  if (!cfg.ok()) return cfg.status();
  return ResolveStackSpec(*cfg, nullptr).status();
}

TEST(DeployStackSpecTest, BuiltInProjectIsTheDesign) {
  auto cfg = Parse(BuiltInToml());
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  auto spec = ResolveStackSpec(*cfg, nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->workgroup_name, "ecommerce-data-warehouse-workgroup");
  EXPECT_EQ(spec->namespace_name, "ecommerce-data-warehouse");
  EXPECT_EQ(spec->base_capacity_rpu, 128);
  EXPECT_EQ(spec->raw_bucket, "ecommerce-raw-data");
  EXPECT_EQ(spec->role_name, "ecomdw-redshift-copy");
  EXPECT_EQ(spec->role_path, "/");
  ASSERT_TRUE(spec->account_id.has_value());
  EXPECT_EQ(*spec->account_id, "123456789012");
  EXPECT_EQ(spec->database, "dev");
  EXPECT_EQ(spec->port, 5439);
  EXPECT_EQ(spec->region, "us-east-1");
}

TEST(DeployStackSpecTest, CapacityNotAMultipleOfEightIsRefusedNamingTheKey) {
  auto cfg = BuiltInWith("base_capacity_rpu = 128", "base_capacity_rpu = 100");
  Status st = SpecStatus(cfg);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("workgroup.base_capacity_rpu 100"), std::string::npos) << st.ToString();
  EXPECT_NE(st.message().find("multiple of 8"), std::string::npos) << st.ToString();
}

TEST(DeployStackSpecTest, HandBuiltConfigIsCheckedToo) {
  auto cfg = Parse(BuiltInToml());
  ASSERT_TRUE(cfg.ok());
  config::Config c = *cfg;
  c.workgroup.base_capacity_rpu = 4;
  EXPECT_EQ(ResolveStackSpec(c, nullptr).status().code(), StatusCode::kInvalidArgument);
  c = *cfg;
  c.workgroup.name = "Bad_Name";
  Status st = ResolveStackSpec(c, nullptr).status();
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("workgroup.name"), std::string::npos) << st.ToString();
  c = *cfg;
  c.bucket.deploy_bucket = "Not_A_Bucket";
  st = ResolveStackSpec(c, nullptr).status();
  EXPECT_NE(st.message().find("bucket.deploy_bucket"), std::string::npos) << st.ToString();
}

TEST(DeployStackSpecTest, BadBucketNamesAreRefusedAtLoad) {
  for (const char* bad : {"ab", "Ecommerce", "raw..data", "192.168.0.1", "xn--raw", "raw-s3alias", "-raw", "raw_"}) {
    auto cfg = BuiltInWith("deploy_bucket = \"ecommerce-raw-data\"", std::string("deploy_bucket = \"") + bad + "\"");
    ASSERT_FALSE(cfg.ok()) << bad;
    EXPECT_NE(cfg.status().message().find("bucket.deploy_bucket"), std::string::npos) << cfg.status().ToString();
  }
}

TEST(DeployStackSpecTest, TheBucketComesFromTheUriOrDeployBucketAndTheyMustAgree) {
  auto same = BuiltInWith("uri = \"file://raw\"", "uri = \"s3://ecommerce-raw-data/exports\"");
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(SpecStatus(same).ok()) << SpecStatus(same).ToString();

  auto other = BuiltInWith("uri = \"file://raw\"", "uri = \"s3://another-bucket\"");
  Status st = SpecStatus(other);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("bucket.deploy_bucket \"ecommerce-raw-data\" is not the bucket of bucket.uri"),
            std::string::npos)
      << st.ToString();

  auto from_uri = BuiltInWith("deploy_bucket = \"ecommerce-raw-data\"", "");
  ASSERT_TRUE(from_uri.ok());
  config::Config c = *from_uri;
  c.bucket.uri = "s3://from-the-uri";
  auto spec = ResolveStackSpec(c, nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->raw_bucket, "from-the-uri");

  st = SpecStatus(from_uri);  // file:// and no deploy_bucket
  EXPECT_NE(st.message().find("bucket.deploy_bucket is missing"), std::string::npos) << st.ToString();
}

TEST(DeployStackSpecTest, RedshiftTargetMustDescribeThisWorkgroup) {
  auto wrong_wg = BuiltInWith("host = \"ecommerce-data-warehouse-workgroup.123456789012",
                              "host = \"another-workgroup.123456789012");
  Status st = SpecStatus(wrong_wg);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("targets.redshift.host"), std::string::npos) << st.ToString();

  auto wrong_region =
      BuiltInWith("123456789012.us-east-1.redshift-serverless", "123456789012.eu-west-1.redshift-serverless");
  EXPECT_NE(SpecStatus(wrong_region).message().find("workgroup.region \"us-east-1\""), std::string::npos)
      << SpecStatus(wrong_region).ToString();

  auto wrong_account = BuiltInWith("workgroup.123456789012.us-east-1", "workgroup.210987654321.us-east-1");
  EXPECT_NE(SpecStatus(wrong_account).message().find("is not the iam_role_arn's account 123456789012"),
            std::string::npos)
      << SpecStatus(wrong_account).ToString();

  auto proxy =
      BuiltInWith("ecommerce-data-warehouse-workgroup.123456789012.us-east-1.redshift-serverless.amazonaws.com",
                  "redshift-proxy.internal");
  EXPECT_TRUE(SpecStatus(proxy).ok()) << SpecStatus(proxy).ToString();

  auto port = BuiltInWith("port = 5439", "port = 6000");
  st = SpecStatus(port);
  EXPECT_NE(st.message().find("targets.redshift.port 6000"), std::string::npos) << st.ToString();

  auto db = BuiltInWith("dbname = \"dev\"", "dbname = \"Dev-DB\"");
  st = SpecStatus(db);
  EXPECT_NE(st.message().find("targets.redshift.dbname \"Dev-DB\""), std::string::npos) << st.ToString();
}

TEST(DeployStackSpecTest, RolePathAndNameComeFromTheArn) {
  auto cfg = BuiltInWith("role/ecomdw-redshift-copy", "role/service/ecomdw/copy-role");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  auto spec = ResolveStackSpec(*cfg, nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->role_path, "/service/ecomdw/");
  EXPECT_EQ(spec->role_name, "copy-role");

  auto long_name = BuiltInWith("role/ecomdw-redshift-copy", "role/" + std::string(65, 'r'));
  EXPECT_NE(SpecStatus(long_name).message().find("must be 1-64"), std::string::npos)
      << SpecStatus(long_name).ToString();
}

TEST(DeployStackSpecTest, WithoutARedshiftTargetTheDefaultsApply) {
  auto cfg = Parse(R"(
[workgroup]
base_capacity_rpu = 32
[bucket]
uri = "s3://team-raw"
)");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  auto spec = ResolveStackSpec(*cfg, nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->role_name, "ecommerce-data-warehouse-copy");
  EXPECT_FALSE(spec->account_id.has_value());
  EXPECT_EQ(spec->base_capacity_rpu, 32);
  EXPECT_EQ(spec->raw_bucket, "team-raw");
}

TEST(DeployStackSpecTest, TwoRedshiftTargetsNeedAChoice) {
  std::string text = BuiltInToml() + R"(
[targets.redshift_eu]
type = "redshift"
dbname = "dev"
port = 5439
)";
  auto cfg = Parse(text);
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  Status st = ResolveStackSpec(*cfg, nullptr).status();
  EXPECT_NE(st.message().find("choose one with --target"), std::string::npos) << st.ToString();
  auto chosen = cfg->FindTarget("redshift_eu");
  ASSERT_TRUE(chosen.ok());
  auto spec = ResolveStackSpec(*cfg, *chosen);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_FALSE(spec->account_id.has_value());
}

}  // namespace
}  // namespace ecomdw::deploy
