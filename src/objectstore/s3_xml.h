// The XML documents S3 answers with, parsed with pugixml: ListObjectsV2
// pages and <Error> bodies.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "objectstore/object_store.h"

namespace ecomdw::objectstore {

struct ListPage {
  std::vector<ObjectInfo> objects;  // keys as S3 sent them, decoded when url-encoded
  bool is_truncated = false;
  std::string next_continuation_token;
};

// Parses a ListBucketResult. Keys are percent-decoded when the document says
// <EncodingType>url</EncodingType>. Keys are NOT validated here.
// Unavailable when the document does not parse (a body cut short in
// transit), Corruption when it parses but is not a ListBucketResult or says
// it is truncated without a continuation token.
Result<ListPage> ParseListObjectsV2(std::string_view xml);

struct S3ErrorBody {
  std::string code;     // e.g. "NoSuchKey"; empty when the body is not an S3 error
  std::string message;
};
S3ErrorBody ParseS3Error(std::string_view xml);

// "2024-01-02T03:04:05.000Z" → seconds since the epoch; 0 when unparsable.
int64_t ParseIso8601(std::string_view text);

}  // namespace ecomdw::objectstore
