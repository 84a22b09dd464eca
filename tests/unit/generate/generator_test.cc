// Determinism and append-day equivalence of `ecomdw generate`.
#include "generate/generator.h"

#include <gtest/gtest.h>

#include "generate/manifest.h"
#include "generate_test_util.h"

namespace ecomdw::generate::testing {
namespace {

std::map<std::string, std::string> RunAndHash(const GenerateOptions& o, const fs::path& root) {
  auto s = Generate(o);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return HashTree(root);
}

TEST(GenerateDeterminism, SameArgumentsGiveIdenticalObjectsAndTruth) {
  TempDir dir("determinism");
  GenerateOptions o = SmallOptions(dir.path(), 10, DefectProfile::kHeavy);
  auto first = RunAndHash(o, dir.path());
  fs::remove_all(dir.path() / "bucket");
  fs::remove_all(dir.path() / "bucket.truth");
  auto second = RunAndHash(o, dir.path());
  ASSERT_GT(first.size(), 100u);  // objects of 7 sources × 10 days, plus truth
  EXPECT_EQ(first, second);
  // Every source and every truth file is there.
  for (const char* p : {"bucket/orders/source=webshop/dt=2024-01-10/part-0000.jsonl.gz",
                        "bucket/orders/source=marketplace/dt=2024-01-10/part-0000.csv.gz",
                        "bucket/customers/source=crm/dt=2024-01-01/customers_full.csv",
                        "bucket/customers/source=crm/dt=2024-01-10/customers_delta.csv",
                        "bucket/products/source=pim/dt=2024-01-01/products_full.parquet",
                        "bucket/campaigns/source=ads/dt=2024-01-01/campaigns.json",
                        "bucket/campaign_spend/source=ads/dt=2024-01-10/spend.csv",
                        "bucket/fx_rates/source=ecb/dt=2024-01-10/rates.csv", "bucket.truth/manifest.json",
                        "bucket.truth/revenue_daily.csv", "bucket.truth/defect_counts.csv",
                        "bucket.truth/customers_scd2.csv", "bucket.truth/products_scd2.csv",
                        "bucket.truth/orders/dt=2024-01-10.csv.gz", "bucket.truth/order_lines/dt=2024-01-10.csv.gz",
                        "bucket.truth/defects/dt=2024-01-10.csv"}) {
    EXPECT_TRUE(first.count(p)) << p;
  }
}

TEST(GenerateDeterminism, AnotherSeedGivesOtherData) {
  TempDir dir("seed");
  GenerateOptions o = SmallOptions(dir.path(), 3, DefectProfile::kDefault);
  auto a = RunAndHash(o, dir.path());
  o.seed += 1;
  auto b = RunAndHash(o, dir.path());
  const std::string key = "bucket/orders/source=webshop/dt=2024-01-02/part-0000.jsonl.gz";
  ASSERT_TRUE(a.count(key));
  EXPECT_NE(a[key], b[key]);
}

TEST(GenerateDeterminism, GzipHeaderHasNoTimestamp) {
  TempDir dir("gzip");
  ASSERT_TRUE(Generate(SmallOptions(dir.path(), 1, DefectProfile::kNone)).ok());
  std::string gz = ReadAll(dir.path() / "bucket/orders/source=webshop/dt=2024-01-01/part-0000.jsonl.gz");
  ASSERT_GE(gz.size(), 10u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  EXPECT_EQ(gz.substr(4, 4), std::string(4, '\0'));  // MTIME
}

// Appending day N+1 onto N days equals generating N+1 days at once: objects
// and truth, byte for byte. 58 days cover drift, late orders, re-sends and
// the 50-day window: order dates before it are not replanned on append.
TEST(GenerateAppendDay, AppendingADayEqualsTheLongerRun) {
  TempDir dir("append");
  GenerateOptions longer = SmallOptions(dir.path(), 58, DefectProfile::kHeavy);
  auto expected = RunAndHash(longer, dir.path());
  fs::remove_all(dir.path() / "bucket");
  fs::remove_all(dir.path() / "bucket.truth");

  GenerateOptions shorter = SmallOptions(dir.path(), 56, DefectProfile::kHeavy);
  ASSERT_TRUE(Generate(shorter).ok());
  auto before = HashTree(dir.path());
  for (int i = 0; i < 2; ++i) {
    auto opts = AppendDayOptions(longer.bucket_uri, longer.truth_dir);
    ASSERT_TRUE(opts.ok()) << opts.status().ToString();
    EXPECT_EQ(opts->first_output_day, 56 + i);
    auto s = Generate(*opts);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->days_written, 1);
  }
  auto appended = HashTree(dir.path());
  EXPECT_EQ(appended, expected);
  // The append changed the truth of earlier order dates (status changes
  // arrived), not only added files.
  int changed = 0;
  for (const auto& [k, v] : before) {
    if (k.rfind("bucket.truth/orders/", 0) == 0 && appended[k] != v) ++changed;
  }
  EXPECT_GT(changed, 0);
}

TEST(GenerateAppendDay, WithoutManifestIsNotFound) {
  TempDir dir("nomanifest");
  auto opts = AppendDayOptions("file://" + (dir.path() / "b").string(), (dir.path() / "b.truth").string());
  ASSERT_FALSE(opts.ok());
  EXPECT_TRUE(opts.status().IsNotFound()) << opts.status().ToString();
}

TEST(GenerateTruthDir, BesideTheBucketAndRequiredForS3) {
  auto d = DefaultTruthDir("file:///data/raw/");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, "/data/raw.truth");
  auto s3 = DefaultTruthDir("s3://ecommerce-raw-data");
  ASSERT_FALSE(s3.ok());
  EXPECT_EQ(s3.status().code(), StatusCode::kInvalidArgument);
}

TEST(GenerateManifest, RecordsArgumentsAndLastDay) {
  TempDir dir("manifest");
  GenerateOptions o = SmallOptions(dir.path(), 5, DefectProfile::kDefault);
  ASSERT_TRUE(Generate(o).ok());
  auto m = ReadManifest(o.truth_dir);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->seed, o.seed);
  EXPECT_EQ(m->scale, o.scale);
  EXPECT_EQ(m->days, 5);
  EXPECT_EQ(m->start_day, o.start_day);
  EXPECT_NE(ReadAll(fs::path(o.truth_dir) / "manifest.json").find("\"last_day\": \"2024-01-05\""), std::string::npos);
}

}  // namespace
}  // namespace ecomdw::generate::testing
