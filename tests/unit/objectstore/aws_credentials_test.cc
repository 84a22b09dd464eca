#include "objectstore/aws_credentials.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace ecomdw::objectstore {
namespace {
namespace fs = std::filesystem;

class AwsCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = fs::temp_directory_path() / ("ecomdw-aws-home-" + std::to_string(::getpid()));
    fs::create_directories(home_ / ".aws");
    vars_["HOME"] = home_.string();
  }
  void TearDown() override { fs::remove_all(home_); }
  EnvLookup Env() {
    auto vars = vars_;
    return [vars](std::string_view name) -> std::optional<std::string> {
      auto it = vars.find(std::string(name));
      if (it == vars.end()) return std::nullopt;
      return it->second;
    };
  }
  void Write(const std::string& name, const std::string& text) { std::ofstream(home_ / ".aws" / name) << text; }

  fs::path home_;
  std::map<std::string, std::string> vars_;
};

TEST_F(AwsCredentialsTest, EnvironmentWinsOverFiles) {
  Write("credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n");
  vars_["AWS_ACCESS_KEY_ID"] = "ENVKEY";
  vars_["AWS_SECRET_ACCESS_KEY"] = "envsecret";
  vars_["AWS_SESSION_TOKEN"] = "tok";
  auto c = LoadAwsCredentials(Env());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "ENVKEY");
  EXPECT_EQ(c->session_token, "tok");
  EXPECT_EQ(c->source, "environment");
}

TEST_F(AwsCredentialsTest, HalfAPairIsAnError) {
  vars_["AWS_ACCESS_KEY_ID"] = "ENVKEY";
  auto c = LoadAwsCredentials(Env());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
}

TEST_F(AwsCredentialsTest, ProfilesFromCredentialsThenConfig) {
  Write("credentials",
        "# comment\n[default]\naws_access_key_id = DEFKEY\naws_secret_access_key = defsecret\n\n"
        "[prod]\naws_access_key_id=PRODKEY\naws_secret_access_key=prod/secret+x\naws_session_token = t1\n");
  Write("config", "[profile ci]\nregion = eu-west-3\naws_access_key_id = CIKEY\naws_secret_access_key = cisecret\n");
  auto def = LoadAwsCredentials(Env());
  ASSERT_TRUE(def.ok()) << def.status().ToString();
  EXPECT_EQ(def->access_key_id, "DEFKEY");
  vars_["AWS_PROFILE"] = "prod";
  auto prod = LoadAwsCredentials(Env());
  ASSERT_TRUE(prod.ok());
  EXPECT_EQ(prod->secret_access_key, "prod/secret+x");
  EXPECT_EQ(prod->session_token, "t1");
  vars_["AWS_PROFILE"] = "ci";
  auto ci = LoadAwsCredentials(Env());
  ASSERT_TRUE(ci.ok());
  EXPECT_EQ(ci->access_key_id, "CIKEY");
  EXPECT_EQ(ResolveAwsRegion(Env()), "eu-west-3");
  vars_["AWS_REGION"] = "ap-south-1";
  EXPECT_EQ(ResolveAwsRegion(Env()), "ap-south-1");
  vars_["AWS_PROFILE"] = "nobody";
  auto none = LoadAwsCredentials(Env());
  EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(none.status().message().find("AWS_PROFILE=\"nobody\""), std::string::npos);
  EXPECT_EQ(none.status().message().find("defsecret"), std::string::npos);
}

TEST_F(AwsCredentialsTest, FileLocationsFromEnvironment) {
  fs::path alt = home_ / "alt-credentials";
  std::ofstream(alt) << "[default]\naws_access_key_id = ALTKEY\naws_secret_access_key = alt\n";
  vars_["AWS_SHARED_CREDENTIALS_FILE"] = alt.string();
  auto c = LoadAwsCredentials(Env());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "ALTKEY");
}

TEST_F(AwsCredentialsTest, NothingAnywhereSaysWhereItLooked) {
  auto c = LoadAwsCredentials(Env());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("AWS_ACCESS_KEY_ID"), std::string::npos);
  EXPECT_NE(c.status().message().find((home_ / ".aws" / "credentials").string()), std::string::npos);
}

}  // namespace
}  // namespace ecomdw::objectstore
