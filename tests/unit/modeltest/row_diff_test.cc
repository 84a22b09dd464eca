// The expected-vs-actual diff of a failing query (modeltest/row_diff.h).
#include "modeltest/row_diff.h"

#include <gtest/gtest.h>

namespace ecomdw::modeltest {
namespace {

using V = std::vector<std::string>;

TEST(ModelTestDiff, EqualRowsHaveNoDifference) {
  RowDiff d = DiffRows({"a|1", "b|2"}, {"a|1", "b|2"}, false);
  EXPECT_TRUE(d.equal());
  EXPECT_EQ(d.lines.size(), 2u);
  EXPECT_TRUE(DiffRows({"b", "a"}, {"a", "b"}, true).equal());
  EXPECT_TRUE(DiffRows({}, {}, false).equal());
}

TEST(ModelTestDiff, AChangedRowIsMissingThenUnexpectedInPlace) {
  RowDiff d = DiffRows({"1|web|50.00", "2|store|12.00", "3|web|8.00"}, {"1|web|50.00", "2|store|13.00", "3|web|8.00"},
                       false);
  EXPECT_FALSE(d.equal());
  EXPECT_EQ(d.missing, (V{"2|store|12.00"}));
  EXPECT_EQ(d.unexpected, (V{"2|store|13.00"}));
  EXPECT_EQ(FormatDiff(d, ""), "  1|web|50.00\n- 2|store|12.00\n+ 2|store|13.00\n  3|web|8.00\n");
}

TEST(ModelTestDiff, OrderMattersUnlessSorted) {
  RowDiff ordered = DiffRows({"a", "b"}, {"b", "a"}, false);
  EXPECT_FALSE(ordered.equal());
  EXPECT_EQ(ordered.missing.size() + ordered.unexpected.size(), 2u);
  RowDiff sorted = DiffRows({"a", "b", "b"}, {"b", "a"}, true);  // multisets: one b too few
  EXPECT_EQ(sorted.missing, (V{"b"}));
  EXPECT_TRUE(sorted.unexpected.empty());
}

TEST(ModelTestDiff, MissingAndExtraRows) {
  RowDiff d = DiffRows({"a", "b"}, {"a", "b", "c", "d"}, false);
  EXPECT_TRUE(d.missing.empty());
  EXPECT_EQ(d.unexpected, (V{"c", "d"}));
  RowDiff none = DiffRows({"a", "b"}, {}, false);
  EXPECT_EQ(none.missing, (V{"a", "b"}));
  EXPECT_EQ(FormatDiff(none, "  "), "  - a\n  - b\n");
}

TEST(ModelTestDiff, LongRunsOfEqualRowsCollapseAndOutputIsCapped) {
  V expected, actual;
  for (int i = 0; i < 20; ++i) expected.push_back("r" + std::to_string(100 + i));
  actual = expected;
  actual[10] = "changed";
  std::string text = FormatDiff(DiffRows(expected, actual, false), "");
  EXPECT_EQ(text,
            "  … 8 equal rows\n  r108\n  r109\n- r110\n+ changed\n  r111\n  r112\n  … 7 equal rows\n");
  V four = {"a", "b", "c", "d"};
  V changed = {"a", "b", "c", "e"};
  EXPECT_EQ(FormatDiff(DiffRows(four, changed, false), ""), "  a\n  b\n  c\n- d\n+ e\n");  // one row is not collapsed
  V many;
  for (int i = 0; i < 100; ++i) many.push_back("x" + std::to_string(i));
  std::string capped = FormatDiff(DiffRows({}, many, false), "", 10);
  EXPECT_NE(capped.find("… 90 more lines"), std::string::npos) << capped;
}

}  // namespace
}  // namespace ecomdw::modeltest
