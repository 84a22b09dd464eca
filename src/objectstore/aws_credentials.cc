#include "objectstore/aws_credentials.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace ecomdw::objectstore {
namespace {

using Section = std::map<std::string, std::string>;
using IniFile = std::map<std::string, Section>;

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// The AWS shared files are INI: [section], key = value, # and ; comments.
// Nested sub-sections (indented "s3 =" blocks) are read as plain keys and
// ignored by the callers.
std::optional<IniFile> ReadIni(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  IniFile ini;
  std::string current;
  std::string line;
  while (std::getline(in, line)) {
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') {
      current = Trim(std::string_view(t).substr(1, t.size() - 2));
      ini[current];
      continue;
    }
    size_t eq = t.find('=');
    if (eq == std::string::npos || current.empty()) continue;
    ini[current][Trim(std::string_view(t).substr(0, eq))] = Trim(std::string_view(t).substr(eq + 1));
  }
  return ini;
}

std::filesystem::path SharedFile(const EnvLookup& env, std::string_view var, std::string_view name) {
  if (auto v = env(var); v && !v->empty()) return *v;
  auto home = env("HOME");
  return std::filesystem::path(home ? *home : "") / ".aws" / std::string(name);
}

std::string ProfileName(const EnvLookup& env) {
  auto p = env("AWS_PROFILE");
  return p && !p->empty() ? *p : "default";
}

const Section* FindProfile(const IniFile& ini, const std::string& profile, bool config_file) {
  std::string name = config_file && profile != "default" ? "profile " + profile : profile;
  auto it = ini.find(name);
  return it == ini.end() ? nullptr : &it->second;
}

std::string Get(const Section& s, const char* key) {
  auto it = s.find(key);
  return it == s.end() ? "" : it->second;
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<AwsCredentials> LoadAwsCredentials(const EnvLookup& env) {
  auto id = env("AWS_ACCESS_KEY_ID");
  auto secret = env("AWS_SECRET_ACCESS_KEY");
  bool has_id = id && !id->empty();
  bool has_secret = secret && !secret->empty();
  if (has_id != has_secret) {
    return Status::InvalidArgument("AWS credentials: {} is set but {} is not; set both or neither",
                                   has_id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                                   has_id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
  }
  if (has_id) {
    auto token = env("AWS_SESSION_TOKEN");
    return AwsCredentials{*id, *secret, token ? *token : "", "environment"};
  }

  std::string profile = ProfileName(env);
  bool profile_named = env("AWS_PROFILE").has_value();
  std::filesystem::path cred_path = SharedFile(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  std::filesystem::path config_path = SharedFile(env, "AWS_CONFIG_FILE", "config");
  bool found_profile = false;
  for (bool config_file : {false, true}) {
    const std::filesystem::path& path = config_file ? config_path : cred_path;
    auto ini = ReadIni(path);
    if (!ini) continue;
    const Section* s = FindProfile(*ini, profile, config_file);
    if (s == nullptr) continue;
    found_profile = true;
    std::string kid = Get(*s, "aws_access_key_id");
    std::string sec = Get(*s, "aws_secret_access_key");
    if (kid.empty() && sec.empty()) continue;
    if (kid.empty() || sec.empty()) {
      return Status::InvalidArgument("AWS credentials: profile \"{}\" in {} has {} but not {}", profile,
                                     path.string(), kid.empty() ? "aws_secret_access_key" : "aws_access_key_id",
                                     kid.empty() ? "aws_access_key_id" : "aws_secret_access_key");
    }
    return AwsCredentials{kid, sec, Get(*s, "aws_session_token"),
                          "profile " + profile + " in " + path.string()};
  }
  if (profile_named && !found_profile) {
    return Status::InvalidArgument("AWS credentials: AWS_PROFILE=\"{}\" is in neither {} nor {}", profile,
                                   cred_path.string(), config_path.string());
  }
  return Status::InvalidArgument(
      "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with keys in "
      "{} or {} (looked for profile \"{}\")",
      cred_path.string(), config_path.string(), profile);
}

std::string ResolveAwsRegion(const EnvLookup& env) {
  for (const char* var : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (auto v = env(var); v && !v->empty()) return *v;
  }
  if (auto ini = ReadIni(SharedFile(env, "AWS_CONFIG_FILE", "config"))) {
    if (const Section* s = FindProfile(*ini, ProfileName(env), true)) {
      std::string region = Get(*s, "region");
      if (!region.empty()) return region;
    }
  }
  return "us-east-1";
}

}  // namespace ecomdw::objectstore
