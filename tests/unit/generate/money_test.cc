// The integer money rules of docs/raw_zone.md section 5.
#include "generate/money.h"

#include <gtest/gtest.h>

namespace ecomdw::generate {
namespace {

TEST(GenerateMoney, ConversionRoundsHalfAwayFromZero) {
  EXPECT_EQ(ToUsdCents(100, 1000000), 100);
  EXPECT_EQ(ToUsdCents(1, 1500000), 2);    // 1.5 -> 2
  EXPECT_EQ(ToUsdCents(1, 1499999), 1);    // 1.499999 -> 1
  EXPECT_EQ(ToUsdCents(3, 500000), 2);     // 1.5 -> 2
  EXPECT_EQ(ToUsdCents(12345, 1096265), 13533);  // 13533.39… -> 13533
  EXPECT_EQ(DivRoundHalfAway(5, 2), 3);
  EXPECT_EQ(DivRoundHalfAway(7, 4), 2);
}

TEST(GenerateMoney, ShippingAllocationIsProportionalAndSumsExactly) {
  auto a = AllocateShipping(1000, {100, 200, 300});
  EXPECT_EQ(a, (std::vector<int64_t>{166, 333, 501}));
  auto b = AllocateShipping(599, {0, 0});
  EXPECT_EQ(b, (std::vector<int64_t>{0, 599}));
  auto c = AllocateShipping(0, {5});
  EXPECT_EQ(c, (std::vector<int64_t>{0}));
}

TEST(GenerateMoney, Formatting) {
  EXPECT_EQ(FormatCents(123456), "1234.56");
  EXPECT_EQ(FormatCents(5), "0.05");
  EXPECT_EQ(FormatMicros(1096265), "1.096265");
  EXPECT_EQ(FromUsdCents(10000, 2000000), 5000);
}

}  // namespace
}  // namespace ecomdw::generate
