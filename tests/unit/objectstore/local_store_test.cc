#include "objectstore/local_store.h"

#include <gtest/gtest.h>

#include <filesystem>

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

}  // namespace
}  // namespace ecomdw::objectstore
