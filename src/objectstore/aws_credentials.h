// AWS credentials and region from the standard chain, as the AWS CLI finds
// them, for the s3:// store.
//
// Order: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) from
// the environment; then the profile AWS_PROFILE (default "default") in the
// shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else
// ~/.aws/credentials) and then in the config file (AWS_CONFIG_FILE, else
// ~/.aws/config, section "[profile NAME]" or "[default]"). Not supported:
// SSO, credential_process, instance metadata, assume-role profiles.
//
// Secrets never appear in messages: errors name the variable or file only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ecomdw::objectstore {

// Reads one environment variable; nullopt when unset. Injected so that tests
// do not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
EnvLookup ProcessEnv();

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty when none
  std::string source;         // "environment" or "profile NAME in FILE", for messages
};

// InvalidArgument when no source has credentials (naming every place looked
// at), when only half of a key pair is set, or when a named profile
// (AWS_PROFILE) exists in neither file.
Result<AwsCredentials> LoadAwsCredentials(const EnvLookup& env);

// AWS_REGION, else AWS_DEFAULT_REGION, else the profile's `region` in the
// config file, else "us-east-1".
std::string ResolveAwsRegion(const EnvLookup& env);

}  // namespace ecomdw::objectstore
