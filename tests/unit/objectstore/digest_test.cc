#include "objectstore/digest.h"

#include <gtest/gtest.h>

namespace ecomdw::objectstore {
namespace {

TEST(DigestTest, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Md5Hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(Base64(std::string("\x01\x02\x03\x04", 4)), "AQIDBA==");
  Digest d(DigestKind::kSha256);
  d.Update("ab");
  d.Update("c");
  EXPECT_EQ(d.FinishHex(), Sha256Hex("abc"));
  d.Update("abc");  // reset after finishing
  EXPECT_EQ(d.FinishHex(), Sha256Hex("abc"));
  EXPECT_TRUE(IsPlainMd5Etag("0cc175b9c0f1b6a831c399e269772661"));
  EXPECT_FALSE(IsPlainMd5Etag("0cc175b9c0f1b6a831c399e269772661-2"));
  EXPECT_FALSE(IsPlainMd5Etag("8-1700000000"));
}

}  // namespace
}  // namespace ecomdw::objectstore
