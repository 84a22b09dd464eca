// [metrics] of ecomdw.toml: where the Prometheus textfile goes.
#include <gtest/gtest.h>

#include "config/config.h"

namespace ecomdw::config {
namespace {

Result<Config> Parse(const std::string& metrics) {
  return ParseConfig("[bucket]\nuri = \"file://raw\"\n" + metrics, "/proj/ecomdw.toml");
}

TEST(MetricsConfig, DefaultsBesideTheProjectState) {
  auto cfg = Parse("");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_EQ(cfg->Resolve(cfg->metrics.textfile), "/proj/.ecomdw/metrics/ecomdw.prom");
}

TEST(MetricsConfig, ATextfileOfItsOwn) {
  auto cfg = Parse("[metrics]\ntextfile = \"/var/lib/node_exporter/textfile/ecomdw.prom\"\n");
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_EQ(cfg->Resolve(cfg->metrics.textfile), "/var/lib/node_exporter/textfile/ecomdw.prom");
}

TEST(MetricsConfig, RefusesWhatNodeExporterWouldNotRead) {
  auto cfg = Parse("[metrics]\ntextfile = \"metrics.txt\"\n");
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("metrics.textfile"), std::string::npos) << cfg.status().ToString();
  EXPECT_NE(cfg.status().message().find(".prom"), std::string::npos) << cfg.status().ToString();
  cfg = Parse("[metrics]\ntext_file = \"a.prom\"\n");
  ASSERT_FALSE(cfg.ok()) << "an unknown key";
  EXPECT_NE(cfg.status().message().find("text_file"), std::string::npos) << cfg.status().ToString();
}

}  // namespace
}  // namespace ecomdw::config
