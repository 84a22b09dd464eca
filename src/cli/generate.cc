// `ecomdw generate`: writes a realistic, dirty raw zone and its ground truth
// (docs/raw_zone.md). Flags map onto generate::GenerateOptions.
#include <fmt/format.h>

#include <cstdio>

#include "cli/verbs.h"
#include "generate/calendar.h"
#include "generate/generator.h"
#include "generate/text_format.h"

namespace ecomdw::cli {
namespace {

struct GenerateFlags {
  double scale = 1.0;
  uint64_t seed = 42;
  std::string start = "2024-01-01";
  int32_t days = 730;
  std::string to;
  std::string defects = "default";
  std::string truth;
  int32_t drift_add_day = 240;
  int32_t drift_rename_day = 480;
  bool append_day = false;
};

Status RunGenerate(const GenerateFlags& f, const GlobalOptions& globals) {
  std::string truth = f.truth;
  if (truth.empty()) {
    ECOMDW_ASSIGN_OR_RETURN(truth, generate::DefaultTruthDir(f.to));
  }
  generate::GenerateOptions o;
  if (f.append_day) {
    ECOMDW_ASSIGN_OR_RETURN(o, generate::AppendDayOptions(f.to, truth));
  } else {
    o.scale = f.scale;
    o.seed = f.seed;
    ECOMDW_ASSIGN_OR_RETURN(o.start_day, generate::ParseDate(f.start));
    o.days = f.days;
    ECOMDW_ASSIGN_OR_RETURN(o.defects, generate::ParseDefectProfile(f.defects));
    o.drift_add_day = f.drift_add_day;
    o.drift_rename_day = f.drift_rename_day;
    o.bucket_uri = f.to;
    o.truth_dir = truth;
  }
  ECOMDW_ASSIGN_OR_RETURN(generate::GenerateSummary s, generate::Generate(o));
  if (globals.format == OutputFormat::kJson) {
    std::string truth_json;
    generate::AppendJsonString(&truth_json, s.truth_dir);
    std::printf(
        "{\"first_day\":\"%s\",\"last_day\":\"%s\",\"days_written\":%d,\"objects\":%lld,\"bytes\":%lld,"
        "\"orders_planned\":%lld,\"defects\":%lld,\"truth\":%s}\n",
        s.first_day.c_str(), s.last_day.c_str(), s.days_written, static_cast<long long>(s.objects),
        static_cast<long long>(s.bytes), static_cast<long long>(s.orders_planned),
        static_cast<long long>(s.defects), truth_json.c_str());
  } else {
    std::printf("generated %s..%s (%d days): %lld objects, %.1f MB, %lld orders planned, %lld defects\ntruth: %s\n",
                s.first_day.c_str(), s.last_day.c_str(), s.days_written, static_cast<long long>(s.objects),
                static_cast<double>(s.bytes) / 1e6, static_cast<long long>(s.orders_planned),
                static_cast<long long>(s.defects), s.truth_dir.c_str());
  }
  return Status::OK();
}

}  // namespace

void AddGenerateCommand(Registry& r) {
  auto flags = std::make_shared<GenerateFlags>();
  CLI::App* sub = r.app->add_subcommand("generate", "Write a realistic, dirty raw zone with its ground truth");
  sub->add_option("--to", flags->to, "Bucket URI: file:///dir or s3://bucket[/prefix]")->required();
  sub->add_option("--scale", flags->scale, "Scale factor: 1,000,000 x SF orders over 730 days")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--seed", flags->seed, "Random seed")->capture_default_str();
  sub->add_option("--start", flags->start, "First day, YYYY-MM-DD")->capture_default_str();
  sub->add_option("--days", flags->days, "Number of days")->check(CLI::Range(1, 20000))->capture_default_str();
  sub->add_option("--defects", flags->defects, "Defect profile: none|default|heavy")
      ->check(CLI::IsMember({"none", "default", "heavy"}))
      ->capture_default_str();
  sub->add_option("--truth", flags->truth, "Ground-truth folder (default <dir>.truth for file://<dir>)");
  sub->add_option("--drift-add-day", flags->drift_add_day, "Day index from which webshop orders carry delivery_method")
      ->capture_default_str();
  sub->add_option("--drift-rename-day", flags->drift_rename_day,
                  "Day index from which marketplace CSVs rename item_price to unit_price")
      ->capture_default_str();
  sub->add_flag("--append-day", flags->append_day,
                "Add the day after the manifest's last day (other flags come from the manifest)");
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, flags, globals] {
    *chosen = [flags, globals]() -> Status { return RunGenerate(*flags, *globals); };
  });
}

}  // namespace ecomdw::cli
