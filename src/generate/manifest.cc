#include "generate/manifest.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "generate/calendar.h"
#include "generate/text_format.h"
#include "generate/truth_writer.h"

namespace ecomdw::generate {

std::string ManifestJson(const GenerateOptions& o) {
  bool drift = RatesFor(o.defects).drift;
  std::string bucket;
  AppendJsonString(&bucket, o.bucket_uri);
  std::string s = "{\n";
  fmt::format_to(std::back_inserter(s),
                 "  \"format\": 1,\n  \"generator\": \"ecomdw generate\",\n  \"seed\": {},\n  \"scale\": {},\n"
                 "  \"start\": \"{}\",\n  \"days\": {},\n  \"last_day\": \"{}\",\n  \"defects\": \"{}\",\n"
                 "  \"drift_add_day\": {},\n  \"drift_rename_day\": {},\n  \"bucket\": {},\n  \"drift\": [",
                 o.seed, o.scale, FormatDate(o.start_day), o.days, FormatDate(o.start_day + o.days - 1),
                 DefectProfileName(o.defects), o.drift_add_day, o.drift_rename_day, bucket);
  if (drift) {
    fmt::format_to(std::back_inserter(s),
                   "\n    {{\"source\": \"webshop\", \"change\": \"added\", \"field\": \"delivery_method\", "
                   "\"from_dt\": \"{}\"}},\n"
                   "    {{\"source\": \"marketplace\", \"change\": \"renamed\", \"from\": \"item_price\", "
                   "\"to\": \"unit_price\", \"from_dt\": \"{}\"}}\n  ",
                   FormatDate(o.start_day + o.drift_add_day), FormatDate(o.start_day + o.drift_rename_day));
  }
  s += "]\n}\n";
  return s;
}

Result<GenerateOptions> ReadManifest(const std::filesystem::path& truth_dir) {
  std::filesystem::path path = truth_dir / "manifest.json";
  ECOMDW_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("{}: not valid JSON", path.string());
  auto need = [&](const char* key, bool number) -> const nlohmann::json* {
    auto it = j.find(key);
    if (it == j.end() || (number ? !it->is_number() : !it->is_string())) return nullptr;
    return &*it;
  };
  const char* keys_num[] = {"seed", "scale", "days", "drift_add_day", "drift_rename_day"};
  for (const char* k : keys_num) {
    if (!need(k, true)) return Status::Corruption("{}: field \"{}\" missing or not a number", path.string(), k);
  }
  for (const char* k : {"start", "defects"}) {
    if (!need(k, false)) return Status::Corruption("{}: field \"{}\" missing or not a string", path.string(), k);
  }
  GenerateOptions o;
  o.seed = j["seed"].get<uint64_t>();
  o.scale = j["scale"].get<double>();
  o.days = j["days"].get<int32_t>();
  o.drift_add_day = j["drift_add_day"].get<int32_t>();
  o.drift_rename_day = j["drift_rename_day"].get<int32_t>();
  ECOMDW_ASSIGN_OR_RETURN(o.start_day, ParseDate(j["start"].get<std::string>()));
  ECOMDW_ASSIGN_OR_RETURN(o.defects, ParseDefectProfile(j["defects"].get<std::string>()));
  return o;
}

}  // namespace ecomdw::generate
