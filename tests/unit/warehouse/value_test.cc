#include "warehouse/value.h"

#include <gtest/gtest.h>

namespace ecomdw::warehouse {
namespace {

TEST(CheckedDateFromCivil, AcceptsExactlyTheDaysThatExist) {
  ASSERT_TRUE(CheckedDateFromCivil(2024, 2, 29).has_value());  // leap year
  EXPECT_EQ(*CheckedDateFromCivil(2024, 2, 29), DateFromCivil(2024, 2, 29));
  EXPECT_TRUE(CheckedDateFromCivil(2000, 2, 29).has_value());   // divisible by 400
  EXPECT_FALSE(CheckedDateFromCivil(1900, 2, 29).has_value());  // divisible by 100 only
  EXPECT_FALSE(CheckedDateFromCivil(2023, 2, 29).has_value());
  EXPECT_TRUE(CheckedDateFromCivil(2023, 12, 31).has_value());
  EXPECT_FALSE(CheckedDateFromCivil(2023, 4, 31).has_value());
  EXPECT_FALSE(CheckedDateFromCivil(2023, 13, 1).has_value());
  EXPECT_FALSE(CheckedDateFromCivil(2023, 0, 1).has_value());
  EXPECT_FALSE(CheckedDateFromCivil(2023, 1, 0).has_value());
}

TEST(CheckedDateFromCivil, RoundTripsThroughCivilFromDate) {
  const Date d = *CheckedDateFromCivil(1970, 1, 1);
  EXPECT_EQ(d.days, 0);
  int y;
  unsigned m, day;
  CivilFromDate(*CheckedDateFromCivil(2026, 12, 2), &y, &m, &day);
  EXPECT_EQ(y, 2026);
  EXPECT_EQ(m, 12u);
  EXPECT_EQ(day, 2u);
}

}  // namespace
}  // namespace ecomdw::warehouse
