// The s3:// ObjectStore: S3 (or an S3-compatible server) over libcurl with
// SigV4, retries and verified downloads.
//
// Every request is retried on transient failures (see retry.h) under the
// settings' budget. Downloads are verified before they count: the byte count
// against Content-Length, and the MD5 of the body against the ETag when the
// ETag is a plain MD5. A download interrupted mid-body resumes with a Range
// request pinned to the same version (If-Match); a partial object never
// reaches the destination path. Thread safe: each call borrows a curl
// handle from a pool, so connections are reused across calls.
//
// List() returns keys as the bucket has them, unvalidated: callers run
// ValidateObjectKey on each before using it. Every other call refuses an
// invalid key.
#pragma once

#include <memory>
#include <string_view>

#include "common/result.h"
#include "objectstore/aws_credentials.h"
#include "objectstore/object_store.h"
#include "objectstore/s3_settings.h"

namespace ecomdw::objectstore {

// Resolves settings and credentials from the environment (see
// s3_settings.h, aws_credentials.h). InvalidArgument for a bad URI, bad
// settings or missing credentials. Makes no request.
Result<std::unique_ptr<ObjectStore>> OpenS3Store(std::string_view uri, const EnvLookup& env);

std::unique_ptr<ObjectStore> OpenS3Store(S3Settings settings, AwsCredentials credentials);

}  // namespace ecomdw::objectstore
