#include "objectstore/local_store.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace ecomdw::objectstore {
namespace {
namespace fs = std::filesystem;

TEST(ObjectKeyTest, HostileKeysAreRefused) {
  for (std::string_view bad : {"../etc/passwd", "a/../../b", "/abs", "a//b", "a/./b", "x\\y", ""}) {
    EXPECT_FALSE(ValidateObjectKey(bad).ok()) << bad;
  }
  EXPECT_FALSE(ValidateObjectKey(std::string_view("a\0b", 3)).ok());
  EXPECT_FALSE(ValidateObjectKey("a\nb").ok());
  EXPECT_TRUE(ValidateObjectKey("orders/source=webshop/dt=2024-01-01/part-0.jsonl.gz").ok());
}

TEST(ObjectKeyTest, LongAndNonUtf8KeysAreRefusedWithAPrintableMessage) {
  EXPECT_TRUE(ValidateObjectKey(std::string(1024, 'k')).ok());
  Status long_key = ValidateObjectKey(std::string(1025, 'k'));
  EXPECT_FALSE(long_key.ok());
  EXPECT_NE(long_key.message().find("longer than 1024 bytes"), std::string::npos) << long_key.ToString();
  EXPECT_LT(long_key.message().size(), 400u);  // the key is cut in the message
  Status latin1 = ValidateObjectKey("customers/caf\xe9.csv");
  EXPECT_FALSE(latin1.ok());
  EXPECT_NE(latin1.message().find("caf\\xe9.csv"), std::string::npos) << latin1.ToString();
  EXPECT_NE(latin1.message().find("UTF-8"), std::string::npos);
  EXPECT_TRUE(ValidateObjectKey("customers/caf\xc3\xa9 [1] *.csv").ok());  // odd but harmless here
  Status nul = ValidateObjectKey(std::string_view("a\0b", 3));
  EXPECT_NE(nul.message().find("a\\x00b"), std::string::npos) << nul.ToString();
  EXPECT_FALSE(ValidateObjectKey("\xed\xa0\x80").ok());  // a UTF-16 surrogate
}

TEST(LocalStoreTest, PutListHeadGet) {
  fs::path root = fs::temp_directory_path() / ("ecomdw-local-store-" + std::to_string(::getpid()));
  fs::remove_all(root);
  auto store = OpenLocalStore(root);
  ASSERT_TRUE(store->Put("orders/dt=2024-01-02/b.csv", "x,y\n1,2\n").ok());
  ASSERT_TRUE(store->Put("orders/dt=2024-01-01/a.csv", "").ok());
  ASSERT_TRUE(store->Put("customers/c.csv", "c").ok());
  auto listed = store->List("orders/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].key, "orders/dt=2024-01-01/a.csv");
  EXPECT_EQ((*listed)[0].size, 0);
  EXPECT_EQ((*listed)[1].size, 8);
  EXPECT_TRUE(store->Head("nope").status().IsNotFound());
  EXPECT_FALSE(store->Put("../escape", "x").ok());
  EXPECT_FALSE(fs::exists(root.parent_path() / "escape"));
  fs::path landing = root / "landing/b.csv";
  auto got = store->GetToFile("orders/dt=2024-01-02/b.csv", landing.string());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*store->GetBytes("orders/dt=2024-01-02/b.csv"), "x,y\n1,2\n");
  EXPECT_EQ(fs::file_size(landing), 8u);
  fs::remove_all(root);
}

// A bucket folder with an outside world beside it.
class LocalStoreLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ecomdw-links-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "outside/dir");
    std::ofstream(dir_ / "outside/secret.txt") << "SECRET";
    std::ofstream(dir_ / "outside/dir/also.csv") << "SECRET";
    store_ = OpenLocalStore(dir_ / "bucket");
    ASSERT_TRUE(store_->Put("orders/dt=2024-01-01/real.csv", "id\n1\n").ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Bucket(const std::string& key) { return dir_ / "bucket" / key; }
  // The listing's entry for `key`; fails the test when there is none.
  ObjectInfo Entry(const std::string& prefix, const std::string& key) {
    auto listed = store_->List(prefix);
    EXPECT_TRUE(listed.ok()) << listed.status().ToString();
    if (listed.ok()) {
      for (const ObjectInfo& o : *listed) {
        if (o.key == key) return o;
      }
    }
    ADD_FAILURE() << "no entry " << key;
    return {};
  }
  void ExpectNotServed(const std::string& key) {
    EXPECT_TRUE(store_->GetBytes(key).status().code() == StatusCode::kInvalidArgument) << store_->GetBytes(key).status().ToString();
    EXPECT_TRUE(store_->Head(key).status().code() == StatusCode::kInvalidArgument);
    fs::path landing = dir_ / "landing/x";
    EXPECT_TRUE(store_->GetToFile(key, landing.string()).status().code() == StatusCode::kInvalidArgument);
    EXPECT_FALSE(fs::exists(landing));
  }

  fs::path dir_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_F(LocalStoreLinkTest, ALinkToAFileOutsideTheBucketIsListedAsRefusedAndNeverRead) {
  fs::create_symlink("../../../outside/secret.txt", Bucket("orders/dt=2024-01-01/relative.csv"));
  fs::create_symlink(dir_ / "outside/secret.txt", Bucket("orders/dt=2024-01-01/absolute.csv"));
  for (const char* key : {"orders/dt=2024-01-01/relative.csv", "orders/dt=2024-01-01/absolute.csv"}) {
    ObjectInfo e = Entry("orders/", key);
    EXPECT_NE(e.refused.find("leaves the bucket"), std::string::npos) << e.refused;
    EXPECT_NE(e.refused.find(key), std::string::npos) << e.refused;
    ExpectNotServed(key);
  }
  EXPECT_TRUE(Entry("orders/", "orders/dt=2024-01-01/real.csv").refused.empty());
}

TEST_F(LocalStoreLinkTest, ALinkThatStaysInsideIsServedAsTheFileItNames) {
  fs::create_symlink("real.csv", Bucket("orders/dt=2024-01-01/alias.csv"));
  ObjectInfo e = Entry("orders/", "orders/dt=2024-01-01/alias.csv");
  EXPECT_TRUE(e.refused.empty()) << e.refused;
  EXPECT_EQ(e.size, 5);
  EXPECT_EQ(*store_->GetBytes("orders/dt=2024-01-01/alias.csv"), "id\n1\n");
}

TEST_F(LocalStoreLinkTest, FolderLinksDanglingLinksAndFifosAreRefusedNotSkipped) {
  fs::create_symlink(dir_ / "outside/dir", Bucket("orders/dt=2024-01-02"));
  fs::create_symlink("dt=2024-01-01", Bucket("orders/dt=2024-01-03"));
  fs::create_symlink("gone.csv", Bucket("orders/dt=2024-01-01/dangling.csv"));
  ASSERT_EQ(::mkfifo(Bucket("orders/dt=2024-01-01/pipe.csv").c_str(), 0600), 0);
  auto listed = store_->List("orders/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  std::map<std::string, std::string> refused;
  for (const ObjectInfo& o : *listed) {
    if (!o.refused.empty()) refused[o.key] = o.refused;
    EXPECT_EQ(o.key.find("also.csv"), std::string::npos) << "walked into a link: " << o.key;
  }
  ASSERT_EQ(refused.size(), 4u);
  EXPECT_NE(refused["orders/dt=2024-01-02"].find("leaves the bucket"), std::string::npos);
  EXPECT_NE(refused["orders/dt=2024-01-03"].find("not followed"), std::string::npos);
  EXPECT_NE(refused["orders/dt=2024-01-01/dangling.csv"].find("leads nowhere"), std::string::npos);
  EXPECT_NE(refused["orders/dt=2024-01-01/pipe.csv"].find("not a regular file"), std::string::npos);
  ExpectNotServed("orders/dt=2024-01-01/pipe.csv");  // and returns at once: no writer is waited for
  ExpectNotServed("orders/dt=2024-01-02/also.csv");
}

TEST_F(LocalStoreLinkTest, ALinkAmongThePrefixFoldersRefusesTheWalk) {
  fs::create_directories(dir_ / "outside/pim/dt=2024-01-01");
  std::ofstream(dir_ / "outside/pim/dt=2024-01-01/p.parquet") << "SECRET";
  fs::create_directories(Bucket("products"));
  fs::create_symlink(dir_ / "outside/pim", Bucket("products/source=pim"));
  auto listed = store_->List("products/source=pim/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].key, "products/source=pim/");
  EXPECT_NE((*listed)[0].refused.find("leaves the bucket"), std::string::npos) << (*listed)[0].refused;
  ExpectNotServed("products/source=pim/dt=2024-01-01/p.parquet");
}

TEST_F(LocalStoreLinkTest, PutNeverWritesThroughAFolderLinkOutOfTheBucket) {
  fs::create_symlink(dir_ / "outside/dir", Bucket("orders/dt=2024-01-09"));
  Status st = store_->Put("orders/dt=2024-01-09/new.csv", "x");
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_FALSE(fs::exists(dir_ / "outside/dir/new.csv"));
}

}  // namespace
}  // namespace ecomdw::objectstore
