#include "metrics/prometheus_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace ecomdw::metrics {
namespace {

TEST(PrometheusText, HelpAndTypeOncePerFamilyThenItsSamples) {
  Exposition e;
  ASSERT_TRUE(e.Add(Family{.name = "ecomdw_rows", .help = "Rows", .type = MetricType::kGauge, .samples = {}}
                        .Add({{"table", "a"}}, 3)
                        .Add({{"table", "b"}}, 4))
                  .ok());
  ASSERT_TRUE(e.Add(Family{.name = "ecomdw_x_total", .help = "X", .type = MetricType::kCounter, .samples = {}}
                        .Add({}, 1))
                  .ok());
  EXPECT_EQ(e.Text(),
            "# HELP ecomdw_rows Rows\n"
            "# TYPE ecomdw_rows gauge\n"
            "ecomdw_rows{table=\"a\"} 3\n"
            "ecomdw_rows{table=\"b\"} 4\n"
            "# HELP ecomdw_x_total X\n"
            "# TYPE ecomdw_x_total counter\n"
            "ecomdw_x_total 1\n");
}

TEST(PrometheusText, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(EscapeLabelValue("caf\xC3\xA9"), "caf\xC3\xA9");   // UTF-8 kept
  EXPECT_EQ(EscapeLabelValue("x\xFFy"), "x\xEF\xBF\xBDy");     // not UTF-8: U+FFFD
  Exposition e;
  ASSERT_TRUE(e.Add(Family{.name = "m", .help = "line one\nback\\slash \"quoted\"", .type = MetricType::kGauge,
                           .samples = {}}
                        .Add({{"v", "say \"hi\"\n"}}, 1))
                  .ok());
  EXPECT_EQ(e.Text(),
            "# HELP m line one\\nback\\\\slash \"quoted\"\n"
            "# TYPE m gauge\n"
            "m{v=\"say \\\"hi\\\"\\n\"} 1\n");
}

TEST(PrometheusText, ValuesReadBackExactly) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(-12), "-12");
  EXPECT_EQ(FormatValue(9007199254740992.0), "9007199254740992");
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(std::stod(FormatValue(1.0 / 3)), 1.0 / 3);
  EXPECT_EQ(std::stod(FormatValue(1e300)), 1e300);
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
}

TEST(PrometheusText, RefusesWhatAScraperWouldReject) {
  auto gauge = [](std::string name) {
    return Family{.name = std::move(name), .help = "h", .type = MetricType::kGauge, .samples = {}};
  };
  Exposition e;
  EXPECT_TRUE(e.Add(gauge("ok_name:sub")).ok());
  EXPECT_FALSE(e.Add(gauge("ok_name:sub")).ok()) << "a family twice";
  EXPECT_FALSE(e.Add(gauge("9starts_with_digit")).ok());
  EXPECT_FALSE(e.Add(gauge("has-dash")).ok());
  EXPECT_FALSE(e.Add(gauge("")).ok());
  EXPECT_FALSE(e.Add(Family{.name = "c", .help = "h", .type = MetricType::kCounter, .samples = {}}).ok())
      << "a counter without _total";
  EXPECT_FALSE(e.Add(gauge("l1").Add({{"a:b", "x"}}, 1)).ok()) << "colon in a label name";
  EXPECT_FALSE(e.Add(gauge("l2").Add({{"__reserved", "x"}}, 1)).ok());
  EXPECT_FALSE(e.Add(gauge("l3").Add({{"a", "x"}, {"a", "y"}}, 1)).ok()) << "a label twice";
  Status same = e.Add(gauge("l4").Add({{"a", "x"}, {"b", "y"}}, 1).Add({{"b", "y"}, {"a", "x"}}, 2));
  EXPECT_FALSE(same.ok()) << "one series twice, labels in another order";
  EXPECT_NE(same.message().find("l4"), std::string::npos) << same.ToString();
  // Nothing of the refused families was added.
  EXPECT_EQ(e.Text(), "# HELP ok_name:sub h\n# TYPE ok_name:sub gauge\n");
}

}  // namespace
}  // namespace ecomdw::metrics
