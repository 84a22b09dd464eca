// Checks for the ecomdw.toml values that are neither identifiers nor SQL
// types but still reach an engine, a file system or a connection string:
// local paths, host and database names, ARNs, raw header names.
//
// Each returns InvalidArgument saying what is wrong with the value (quoted,
// control bytes escaped); the caller adds file:line:key.
#pragma once

#include <string_view>

#include "common/status.h"

namespace ecomdw::config {

// A local file or folder path (a target's DuckDB file, the landing area, a
// file:// bucket). Refused: empty, control bytes, invalid UTF-8, the glob
// characters * ? [ ] { } (the engine's file readers expand them), a leading
// '~' or ':' (":memory:" would be an in-memory warehouse), and a
// "scheme:" prefix such as "s3:" or "md:" (another file system or a remote
// database instead of a file).
Status CheckLocalPath(std::string_view value);

// A host name, IPv4 or IPv6 address: 1..253 bytes of [A-Za-z0-9.:-].
Status CheckHost(std::string_view value);

// A database or user name for a connection string: 1..63 bytes of
// [A-Za-z0-9_.-], not starting with '-'.
Status CheckConnectionName(std::string_view value);

// arn:aws[-partition]:iam::<12 digits>:role/<path and name>, as IAM allows.
Status CheckIamRoleArn(std::string_view value);

// An AWS resource name as Redshift Serverless allows for workgroups and
// namespaces: 3..64 of [a-z0-9-].
Status CheckAwsName(std::string_view value);

// An S3 bucket name as S3 allows for a new bucket: 3..63 of [a-z0-9.-],
// starting and ending with a letter or digit, no "..", not an IPv4 address,
// none of S3's reserved prefixes (xn--, sthree-) or suffixes (-s3alias,
// --ol-s3, .mrap, --x-s3).
Status CheckS3BucketName(std::string_view value);

// An AWS region such as us-east-1.
Status CheckAwsRegion(std::string_view value);

// A raw field or header name as a source sends it ("Order ID"): 1..255
// bytes of UTF-8 without control bytes, '"' or '\' (so it can be written
// into a JSON path or a quoted identifier without escaping rules).
Status CheckRawName(std::string_view value);

}  // namespace ecomdw::config
