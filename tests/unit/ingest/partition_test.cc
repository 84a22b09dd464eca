#include "ingest/partition.h"

#include <gtest/gtest.h>

namespace ecomdw::ingest {
namespace {

TEST(PartitionTest, DateFromHiveStyleKey) {
  auto d = PartitionDateFromKey("orders/source=webshop/dt=2024-02-29/part-0.jsonl.gz");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, warehouse::DateFromCivil(2024, 2, 29));
  EXPECT_FALSE(PartitionDateFromKey("orders/source=webshop/part-0.jsonl.gz").has_value());
  EXPECT_FALSE(PartitionDateFromKey("orders/dt=2023-02-29/x").has_value());  // not a leap year
  EXPECT_FALSE(PartitionDateFromKey("orders/dt=2024-13-01/x").has_value());
  EXPECT_FALSE(PartitionDateFromKey("orders/xdt=2024-01-01/x").has_value());
  EXPECT_FALSE(PartitionDateFromKey("orders/dt=2024-1-1/x").has_value());
}

}  // namespace
}  // namespace ecomdw::ingest
