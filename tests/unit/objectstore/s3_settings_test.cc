#include "objectstore/s3_settings.h"

#include <gtest/gtest.h>

#include <map>

namespace ecomdw::objectstore {
namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(S3SettingsTest, ParsesBucketAndPrefix) {
  auto s = ParseS3Uri("s3://ecommerce-raw-data");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->bucket, "ecommerce-raw-data");
  EXPECT_EQ(s->root_prefix, "");
  s = ParseS3Uri("s3://ecommerce-raw-data/team/raw/");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->root_prefix, "team/raw/");
  for (const char* bad : {"s3://", "s3://AB", "s3://Upper-Case", "s3://-dash", "s3://b_underscore",
                          "s3://bucket/../x", "http://bucket"}) {
    EXPECT_EQ(ParseS3Uri(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(S3SettingsTest, EncodesPathsAndSortsQueriesAsSigV4Signs) {
  EXPECT_EQ(AwsUriEncode("dt=2024-01-01/a b+c~d_e.f", true), "dt%3D2024-01-01/a%20b%2Bc~d_e.f");
  EXPECT_EQ(AwsUriEncode("a/b", false), "a%2Fb");
  EXPECT_EQ(AwsUriEncode("\xc3\xa9", true), "%C3%A9");
  auto decoded = PercentDecode("a%2Fdt%3D1%20x");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, "a/dt=1 x");
  EXPECT_FALSE(PercentDecode("bad%2").ok());
  EXPECT_FALSE(PercentDecode("bad%zz").ok());

  S3Settings s = *ParseS3Uri("s3://ecommerce-raw-data");
  s.region = "eu-west-1";
  EXPECT_TRUE(s.UsesVirtualHost());
  EXPECT_EQ(s.Url("orders/dt=2024-01-01/x.csv"),
            "https://ecommerce-raw-data.s3.eu-west-1.amazonaws.com/orders/dt%3D2024-01-01/x.csv");
  EXPECT_EQ(s.Url("", {{"prefix", "o/"}, {"list-type", "2"}, {"continuation-token", "a+b="}}),
            "https://ecommerce-raw-data.s3.eu-west-1.amazonaws.com/"
            "?continuation-token=a%2Bb%3D&list-type=2&prefix=o%2F");
  s.endpoint = "http://127.0.0.1:9000";
  EXPECT_FALSE(s.UsesVirtualHost());
  EXPECT_EQ(s.Url("k"), "http://127.0.0.1:9000/ecommerce-raw-data/k");
  s.addressing = AddressingStyle::kVirtual;
  EXPECT_EQ(s.Url("k"), "http://ecommerce-raw-data.127.0.0.1:9000/k");
  s.addressing = AddressingStyle::kPath;
  s.endpoint.clear();
  EXPECT_EQ(s.Url("k"), "https://s3.eu-west-1.amazonaws.com/ecommerce-raw-data/k");
}

TEST(S3SettingsTest, EndpointRegionAndKnobsFromEnvironment) {
  auto s = ResolveS3Settings("s3://ecommerce-raw-data",
                             FakeEnv({{"AWS_ENDPOINT_URL", "http://generic:1"},
                                      {"AWS_ENDPOINT_URL_S3", "http://s3only:2/"},
                                      {"AWS_DEFAULT_REGION", "eu-central-1"},
                                      {"ECOMDW_S3_MAX_ATTEMPTS", "3"},
                                      {"ECOMDW_S3_MAX_KEYS", "7"},
                                      {"ECOMDW_S3_ADDRESSING_STYLE", "virtual"},
                                      {"HOME", "/nonexistent"}}));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->endpoint, "http://s3only:2");
  EXPECT_EQ(s->region, "eu-central-1");
  EXPECT_EQ(s->retry.max_attempts, 3);
  EXPECT_EQ(s->max_keys, 7);
  EXPECT_EQ(s->addressing, AddressingStyle::kVirtual);

  auto def = ResolveS3Settings("s3://ecommerce-raw-data", FakeEnv({{"HOME", "/nonexistent"}}));
  ASSERT_TRUE(def.ok());
  EXPECT_EQ(def->region, "us-east-1");
  EXPECT_TRUE(def->endpoint.empty());

  for (auto bad : std::vector<std::map<std::string, std::string>>{{{"AWS_ENDPOINT_URL_S3", "ftp://x"}},
                                                                  {{"AWS_ENDPOINT_URL_S3", "http://x/path"}},
                                                                  {{"ECOMDW_S3_MAX_KEYS", "0"}},
                                                                  {{"ECOMDW_S3_MAX_ATTEMPTS", "lots"}},
                                                                  {{"ECOMDW_S3_ADDRESSING_STYLE", "dns"}}}) {
    auto r = ResolveS3Settings("s3://ecommerce-raw-data", FakeEnv(bad));
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad.begin()->first;
    EXPECT_NE(r.status().message().find(bad.begin()->first), std::string::npos);
  }
}

}  // namespace
}  // namespace ecomdw::objectstore
