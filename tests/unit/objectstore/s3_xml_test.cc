#include "objectstore/s3_xml.h"

#include <gtest/gtest.h>

#include "objectstore/s3_errors.h"

namespace ecomdw::objectstore {
namespace {

TEST(S3XmlTest, ParsesAListPageWithUrlEncodedKeys) {
  auto page = ParseListObjectsV2(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>b</Name><Prefix>o%2F</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents><Key>o/dt%3D2024-01-01/a%20b.csv</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>
    <ETag>&quot;0cc175b9c0f1b6a831c399e269772661&quot;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>o/ctl%01x</Key><LastModified>2024-01-02T03:04:05Z</LastModified>
    <ETag>"abc-2"</ETag><Size>0</Size></Contents>
</ListBucketResult>)");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "o/dt=2024-01-01/a b.csv");
  EXPECT_EQ(page->objects[0].etag, "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(page->objects[0].size, 1);
  EXPECT_EQ(page->objects[0].last_modified_unix, 1704164645);
  EXPECT_EQ(page->objects[1].key, std::string("o/ctl\x01x"));
  EXPECT_EQ(page->objects[1].etag, "abc-2");
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(S3XmlTest, BrokenDocumentsAreRetryableOrCorrupt) {
  EXPECT_TRUE(ParseListObjectsV2("<ListBucketResult><Contents><Key>a").status().IsUnavailable());
  EXPECT_EQ(ParseListObjectsV2("<Other/>").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>").status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><Contents><Key>a</Key><Size>-1</Size></Contents></ListBucketResult>")
                .status()
                .code(),
            StatusCode::kCorruption);
}

TEST(S3ErrorsTest, CodesMapToStatusesThatNameTheObject) {
  auto err = [](const char* code) {
    return std::string("<Error><Code>") + code + "</Code><Message>msg</Message></Error>";
  };
  Status s = S3ErrorToStatus("GetObject", "s3://b/k", 404, err("NoSuchKey"));
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_NE(s.message().find("s3://b/k"), std::string::npos);
  EXPECT_TRUE(S3ErrorToStatus("ListObjectsV2", "s3://b/", 404, err("NoSuchBucket")).IsNotFound());
  for (const char* auth : {"SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied", "ExpiredToken",
                           "AuthorizationHeaderMalformed"}) {
    Status a = S3ErrorToStatus("PutObject", "s3://b/k", 403, err(auth));
    EXPECT_EQ(a.code(), StatusCode::kInvalidArgument) << auth;
    EXPECT_NE(a.message().find(auth), std::string::npos) << a.ToString();
  }
  EXPECT_NE(S3ErrorToStatus("PutObject", "s3://b/k", 403, err("AccessDenied")).message().find("s3:PutObject"),
            std::string::npos);
  for (const char* transient : {"SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout"}) {
    EXPECT_TRUE(S3ErrorToStatus("GetObject", "s3://b/k", 503, err(transient)).IsUnavailable()) << transient;
  }
  EXPECT_TRUE(S3ErrorToStatus("GetObject", "s3://b/k", 502, "<html>bad gateway</html>").IsUnavailable());
  // HEAD has no body: the status alone decides.
  EXPECT_TRUE(S3ErrorToStatus("HeadObject", "s3://b/k", 404, "").IsNotFound());
  EXPECT_EQ(S3ErrorToStatus("HeadObject", "s3://b/k", 403, "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(S3ErrorToStatus("GetObject", "s3://b/k", 400, err("InvalidRange")).code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace ecomdw::objectstore
