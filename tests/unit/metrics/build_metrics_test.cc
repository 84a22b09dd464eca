#include "metrics/build_metrics.h"

#include <gtest/gtest.h>

#include <map>

namespace ecomdw::metrics {
namespace {

// A run_results.json as cli/build.cc writes it: two batches of one source,
// one of another, a failed error check.
nlohmann::json RunResults() {
  return nlohmann::json::parse(R"({
    "run_id": "run-20240101T000000Z-abcd", "outcome": "checks_failed",
    "stages": {"prepare": 0.5, "ingest": 1.25, "staging": 2, "models": 3, "checks": 0.25},
    "ingest": {"batch_id": "b2", "landed": 7, "bytes": 4096, "unchanged": 1},
    "staging": [
      {"batch_id": "b1", "source": "webshop_orders", "objects": 2, "raw_records": 10, "staged": 7, "quarantined": 2,
       "duplicates": 1, "quarantined_by_reason": {"invalid_json": 1, "unknown_currency": 1}},
      {"batch_id": "b2", "source": "webshop_orders", "objects": 1, "raw_records": 5, "staged": 4, "quarantined": 1,
       "duplicates": 0, "quarantined_by_reason": {"invalid_json": 1}},
      {"batch_id": "b2", "source": "crm_customers", "objects": 1, "raw_records": 3, "staged": 3, "quarantined": 0,
       "duplicates": 0, "quarantined_by_reason": {}}],
    "models": {"core.fact_orders": {"status": "success", "seconds": 1.5, "rows_written": 3, "rows_total": 3},
               "marts.x": {"status": "skipped", "seconds": 0, "rows_written": 0, "rows_total": 0}},
    "checks": {"passed": 20, "warned": 2, "failed": 1, "errored": 0}
  })");
}

// name -> "label=value,label=value" -> value
using Values = std::map<std::string, std::map<std::string, double>>;

Values Flatten(const std::vector<Family>& families) {
  Values out;
  for (const Family& f : families) {
    auto& samples = out[f.name];
    for (const Sample& s : f.samples) {
      std::string key;
      for (const auto& [k, v] : s.labels) key += (key.empty() ? "" : ",") + k + "=" + v;
      samples[key] = s.value;
    }
  }
  return out;
}

TEST(LastBuildFamilies, CarriesTheRunResults) {
  auto families = LastBuildFamilies(RunResults(), 1700000000.5);
  ASSERT_TRUE(families.ok()) << families.status().ToString();
  Values v = Flatten(*families);
  EXPECT_EQ(v["ecomdw_last_build_info"]["run_id=run-20240101T000000Z-abcd,outcome=checks_failed"], 1);
  EXPECT_EQ(v["ecomdw_last_build_outcome"],
            (std::map<std::string, double>{{"outcome=checks_failed", 1}, {"outcome=failed", 0}, {"outcome=published", 0}}));
  EXPECT_EQ(v["ecomdw_last_build_timestamp_seconds"][""], 1700000000.5);
  EXPECT_EQ(v["ecomdw_last_build_duration_seconds"][""], 7);
  EXPECT_EQ(v["ecomdw_last_build_stage_duration_seconds"]["stage=ingest"], 1.25);
  EXPECT_EQ(v["ecomdw_last_build_stage_duration_seconds"].size(), 5u);
  EXPECT_EQ(v["ecomdw_last_build_objects_landed"][""], 7);
  EXPECT_EQ(v["ecomdw_last_build_bytes_landed"][""], 4096);
  // Summed over the build's batches, per source.
  EXPECT_EQ(v["ecomdw_last_build_records_raw"]["source=webshop_orders"], 15);
  EXPECT_EQ(v["ecomdw_last_build_records_staged"]["source=webshop_orders"], 11);
  EXPECT_EQ(v["ecomdw_last_build_records_duplicate"]["source=webshop_orders"], 1);
  EXPECT_EQ(v["ecomdw_last_build_records_staged"]["source=crm_customers"], 3);
  EXPECT_EQ(v["ecomdw_last_build_records_quarantined"],
            (std::map<std::string, double>{{"source=webshop_orders,reason=invalid_json", 2},
                                           {"source=webshop_orders,reason=unknown_currency", 1}}));
  EXPECT_EQ(v["ecomdw_last_build_checks"],
            (std::map<std::string, double>{{"result=pass", 20}, {"result=warn", 2}, {"result=fail", 1},
                                           {"result=error", 0}}));
  EXPECT_EQ(v["ecomdw_last_build_check_failures"],
            (std::map<std::string, double>{{"severity=error", 1}, {"severity=warn", 2}}));
  EXPECT_EQ(v["ecomdw_last_build_models"],
            (std::map<std::string, double>{{"status=success", 1}, {"status=error", 0}, {"status=skipped", 1}}));
  EXPECT_EQ(v["ecomdw_last_build_model_duration_seconds"]["model=core.fact_orders"], 1.5);
  // Every family is valid exposition.
  Exposition e;
  for (Family& f : *families) ASSERT_TRUE(e.Add(std::move(f)).ok());
}

TEST(LastBuildFamilies, ABuildThatFailedEarlyHasNoModelsOrStagesYet) {
  nlohmann::json doc = RunResults();
  doc.erase("models");
  doc["staging"] = nlohmann::json::array();
  doc["outcome"] = "failed";
  auto families = LastBuildFamilies(doc, 1);
  ASSERT_TRUE(families.ok()) << families.status().ToString();
  Values v = Flatten(*families);
  EXPECT_EQ(v["ecomdw_last_build_outcome"]["outcome=failed"], 1);
  EXPECT_TRUE(v["ecomdw_last_build_records_staged"].empty());
  EXPECT_EQ(v["ecomdw_last_build_models"]["status=success"], 0);
}

TEST(LastBuildFamilies, NamesTheFieldItCannotRead) {
  nlohmann::json doc = RunResults();
  doc["staging"][1]["staged"] = "four";
  auto r = LastBuildFamilies(doc, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("staging[1].staged"), std::string::npos) << r.status().ToString();
  doc = RunResults();
  doc.erase("checks");
  r = LastBuildFamilies(doc, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("checks is missing"), std::string::npos) << r.status().ToString();
}

}  // namespace
}  // namespace ecomdw::metrics
