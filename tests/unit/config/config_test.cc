#include "config/config.h"

#include <gtest/gtest.h>

#include "project/embedded_project.h"

namespace ecomdw::config {
namespace {

constexpr const char* kMinimal = R"(
[bucket]
uri = "file://raw"
)";

Result<Config> Parse(const std::string& text) { return ParseConfig(text, "/proj/ecomdw.toml"); }

std::string BuiltInToml() {
  for (const auto& f : project::BuiltInProjectFiles()) {
    if (f.path == "ecomdw.toml") return std::string(f.content);
  }
  return "";
}

TEST(ConfigTest, MinimalProjectGetsDefaults) {
  auto cfg = Parse(kMinimal);
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_EQ(cfg->workgroup.name, "ecommerce-data-warehouse-workgroup");
  EXPECT_EQ(cfg->workgroup.base_capacity_rpu, 128);
  auto target = cfg->FindTarget("");
  ASSERT_TRUE(target.ok());
  EXPECT_EQ((*target)->type, TargetType::kDuckDb);
  EXPECT_EQ(cfg->ResolvedBucketUri(), "file:///proj/raw");
}

TEST(ConfigTest, BuiltInProjectIsValid) {
  std::string text = BuiltInToml();
  ASSERT_FALSE(text.empty());
  auto cfg = Parse(text);
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_EQ(cfg->sources.size(), 7u);
  EXPECT_EQ(cfg->targets.size(), 3u);
  EXPECT_EQ(cfg->roles.size(), 3u);
  // The built-in project runs in 4 GiB here, whatever the machine's RAM
  // (docs/BENCHMARKS.md: SF 1 builds under it and spills).
  EXPECT_EQ(cfg->workgroup.local_memory_limit_bytes, int64_t{4} << 30);
  EXPECT_EQ(MapWorkgroupToMachine(cfg->workgroup, 2, int64_t{24} << 30).memory_bytes, int64_t{4} << 30);
  EXPECT_EQ(MapWorkgroupToMachine(cfg->workgroup, 2, int64_t{2} << 30).memory_bytes, (int64_t{2} << 30) / 10 * 8);
}

TEST(ConfigTest, TypoInKeyNamesFileLineAndKey) {
  auto cfg = Parse("[bucket]\nuri = \"file://raw\"\n\n[workgroup]\nbase_capacity_rpus = 64\n");
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(cfg.status().message(), "/proj/ecomdw.toml:5: unknown key \"workgroup.base_capacity_rpus\"");
}

TEST(ConfigTest, WrongTypeAndMissingValueAreNamed) {
  auto wrong = Parse("[bucket]\nuri = 12\n");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(), "/proj/ecomdw.toml:2: key \"bucket.uri\": expected a string");
  auto missing = Parse("[project]\nname = \"x\"\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing required key \"bucket\""), std::string::npos);
  auto syntax = Parse("[bucket\nuri = 1\n");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().message().rfind("/proj/ecomdw.toml:1:", 0), 0u) << syntax.status().message();
}

TEST(ConfigTest, SecretsAreRefused) {
  auto cfg = Parse(std::string(kMinimal) + "[targets.pg]\ntype = \"postgres\"\nhost = \"h\"\npassword = \"x\"\n");
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("secret"), std::string::npos);
  EXPECT_NE(cfg.status().message().find("/proj/ecomdw.toml:7"), std::string::npos) << cfg.status().message();
}

TEST(ConfigTest, HostileIdentifiersAndPrefixesAreRefused) {
  auto bad_name = Parse(std::string(kMinimal) + "[sources.\"x; drop\"]\nprefix = \"a/\"\nformat = \"csv\"\n");
  ASSERT_FALSE(bad_name.ok());
  EXPECT_NE(bad_name.status().message().find("not a safe identifier"), std::string::npos);
  auto bad_prefix = Parse(std::string(kMinimal) + "[sources.s]\nprefix = \"../etc/\"\nformat = \"csv\"\n");
  ASSERT_FALSE(bad_prefix.ok());
  auto bad_format = Parse(std::string(kMinimal) + "[sources.s]\nprefix = \"a/\"\nformat = \"xls\"\n");
  ASSERT_FALSE(bad_format.ok());
  EXPECT_NE(bad_format.status().message().find("not one of jsonl, csv, parquet, json"), std::string::npos);
}

TEST(ConfigTest, UnknownDefaultTargetIsAnError) {
  auto cfg = Parse(std::string("[project]\ndefault_target = \"snowflake\"\n") + kMinimal);
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("no target \"snowflake\""), std::string::npos);
}

TEST(WorkgroupTest, CapacityIsValidatedAsAwsDoes) {
  Workgroup wg;
  for (int64_t ok : {8, 16, 128, 512, 544, 1024}) {
    wg.base_capacity_rpu = ok;
    EXPECT_TRUE(ValidateWorkgroup(wg, "t").ok()) << ok;
  }
  for (int64_t bad : {0, 4, 12, 130, 520, 1056, 2048}) {
    wg.base_capacity_rpu = bad;
    EXPECT_FALSE(ValidateWorkgroup(wg, "t").ok()) << bad;
  }
  wg.base_capacity_rpu = 1024;
  wg.region = "sa-east-1";
  Status s = ValidateWorkgroup(wg, "t");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("not offered in sa-east-1"), std::string::npos);
  wg.region = "us-east-1";
  wg.name = "Bad_Name";
  EXPECT_FALSE(ValidateWorkgroup(wg, "t").ok());
}

TEST(WorkgroupTest, MapsOntoThisMachine) {
  Workgroup wg;  // 128 RPU
  LocalLimits l = MapWorkgroupToMachine(wg, 2, int64_t{24} << 30);
  EXPECT_EQ(l.threads, 2);
  EXPECT_EQ(l.memory_bytes, (int64_t{24} << 30) / 10 * 8);
  EXPECT_EQ(l.query_time_limit, std::chrono::seconds(3600));
  wg.base_capacity_rpu = 8;
  l = MapWorkgroupToMachine(wg, 64, int64_t{1} << 40);
  EXPECT_EQ(l.threads, 1);
  EXPECT_EQ(l.memory_bytes, int64_t{128} << 30);
}

}  // namespace
}  // namespace ecomdw::config
