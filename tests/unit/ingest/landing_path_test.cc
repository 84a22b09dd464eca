#include "ingest/landing_path.h"

#include <gtest/gtest.h>

namespace ecomdw::ingest {
namespace {

TEST(LandingPathTest, OrdinaryKeysLandUnderTheirOwnName) {
  for (const char* key : {"orders/source=webshop/dt=2024-01-01/part-0.jsonl.gz", "a/b c+d,e@f_g.csv"}) {
    EXPECT_EQ(LandingName(key), key);
  }
  auto p = LandingPath("/l/batch", "customers/dt=2024-01-01/c.csv");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->string(), "/l/batch/customers/dt=2024-01-01/c.csv");
}

TEST(LandingPathTest, BytesThatReadersOrShellsInterpretAreEncoded) {
  // A glob in a landed path would make read_parquet read other objects.
  EXPECT_EQ(LandingName("products/dt=2024-01-01/*.parquet"), "products/dt=2024-01-01/%2A.parquet");
  EXPECT_EQ(LandingName("a/p?[1]{2}.csv"), "a/p%3F%5B1%5D%7B2%7D.csv");
  EXPECT_EQ(LandingName("~/x'y\"z$.csv"), "%7E/x%27y%22z%24.csv");
  EXPECT_EQ(LandingName("a/caf\xc3\xa9.csv"), "a/caf%C3%A9.csv");
  // '%' itself is encoded, so two keys never share a name.
  EXPECT_EQ(LandingName("a/%2A.csv"), "a/%252A.csv");
  EXPECT_NE(LandingName("a/%2A.csv"), LandingName("a/*.csv"));
  for (char c : LandingName("x/*?[]{}~'\"$`!#&;|<>()\\^")) {
    EXPECT_EQ(std::string("*?[]{}~'\"$`!#&;|<>()\\^").find(c), std::string::npos) << c;
  }
}

TEST(LandingPathTest, NamesTooLongForTheFileSystemBecomeADigest) {
  std::string key = "orders/dt=2024-01-01/" + std::string(240, 'x') + ".csv.gz";
  std::string name = LandingName(key);
  EXPECT_EQ(name.rfind("%%long/", 0), 0u) << name;
  EXPECT_EQ(name.size(), 7u + 64u + 7u) << name;
  EXPECT_EQ(name.substr(name.size() - 7), ".csv.gz");
  EXPECT_NE(LandingName(key + "y"), name);
  // Short segments but a long whole (many %XX) as well.
  std::string wide = "a";
  for (int i = 0; i < 6; ++i) wide += "/" + std::string(60, '*');  // 180 bytes a segment, 1,086 in all
  EXPECT_EQ(LandingName(wide).rfind("%%long/", 0), 0u);
}

}  // namespace
}  // namespace ecomdw::ingest
