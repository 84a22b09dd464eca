#include "common/utf8.h"

#include <gtest/gtest.h>

namespace ecomdw {
namespace {

TEST(Utf8Test, WellFormedSequencesOnly) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));  // é € 😀
  EXPECT_FALSE(IsValidUtf8("caf\xe9"));                 // Latin-1
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));                // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));            // overlong, three bytes
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));            // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));        // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));                // cut short
  EXPECT_FALSE(IsValidUtf8("\x80"));                    // a lone continuation byte
}

TEST(Utf8Test, PrintableEscapesControlAndBrokenBytesAndCuts) {
  EXPECT_EQ(PrintableUtf8("a\nb"), "a\\x0ab");
  EXPECT_EQ(PrintableUtf8(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(PrintableUtf8("caf\xe9!"), "caf\\xe9!");
  EXPECT_EQ(PrintableUtf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(PrintableUtf8("abcdef", 3), "abc…");
  EXPECT_TRUE(IsValidUtf8(PrintableUtf8("\xff\xfe\xc3")));
}

}  // namespace
}  // namespace ecomdw
