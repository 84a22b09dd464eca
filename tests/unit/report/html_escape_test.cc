#include "report/html_escape.h"

#include <gtest/gtest.h>

namespace ecomdw::report {
namespace {

TEST(EscapeHtml, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("plain"), "plain");
}

TEST(ScriptSafeJson, NoDataCanCloseTheScriptElement) {
  nlohmann::ordered_json j = {{"name", "</script><script>alert(1)</script><!-- & \xE2\x80\xA8"}};
  std::string text = ScriptSafeJson(j);
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(text.find('>'), std::string::npos) << text;
  EXPECT_EQ(text.find('&'), std::string::npos) << text;
  EXPECT_EQ(text.find("\xE2\x80\xA8"), std::string::npos) << text;
  // Still the same JSON value.
  EXPECT_EQ(nlohmann::ordered_json::parse(text), j);
}

TEST(ScriptSafeJson, InvalidUtf8BecomesReplacementCharacter) {
  nlohmann::ordered_json j = {{"k", std::string("a\xFF" "b")}};
  EXPECT_EQ(nlohmann::ordered_json::parse(ScriptSafeJson(j))["k"], "a\xEF\xBF\xBD" "b");
}

}  // namespace
}  // namespace ecomdw::report
