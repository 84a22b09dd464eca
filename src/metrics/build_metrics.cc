#include "metrics/build_metrics.h"

#include <map>
#include <string>

namespace ecomdw::metrics {
namespace {

using nlohmann::json;

// Non-throwing readers of run_results.json: a missing or mistyped field is a
// DataError naming it; an optional field that is missing is nullptr.
Result<const json*> Field(const json& j, const std::string& where, const std::string& key, bool (json::*is)() const,
                          const char* want, bool optional = false) {
  if (!j.is_object() || !j.contains(key)) {
    if (optional) return static_cast<const json*>(nullptr);
    return Status::DataError("run_results.json: {}{} is missing", where, key);
  }
  const json& v = j[key];
  if (!(v.*is)()) return Status::DataError("run_results.json: {}{}: expected {}, got {}", where, key, want, v.dump());
  return &v;
}

Result<double> Number(const json& j, const std::string& where, const std::string& key) {
  ECOMDW_ASSIGN_OR_RETURN(const json* v, Field(j, where, key, &json::is_number, "a number"));
  return v->get<double>();
}

Result<std::string> String(const json& j, const std::string& where, const std::string& key) {
  ECOMDW_ASSIGN_OR_RETURN(const json* v, Field(j, where, key, &json::is_string, "a string"));
  return v->get<std::string>();
}

Family Gauge(std::string name, std::string help) {
  return Family{.name = std::move(name), .help = std::move(help), .type = MetricType::kGauge, .samples = {}};
}

// Per source, summed over the build's batches.
struct SourceRecords {
  double raw = 0, staged = 0, duplicates = 0;
  std::map<std::string, double> quarantined_by_reason;
};

Result<std::map<std::string, SourceRecords>> StagedBySource(const json& doc) {
  std::map<std::string, SourceRecords> out;
  ECOMDW_ASSIGN_OR_RETURN(const json* staging, Field(doc, "", "staging", &json::is_array, "an array"));
  for (size_t i = 0; i < staging->size(); ++i) {
    const json& s = (*staging)[i];
    const std::string where = "staging[" + std::to_string(i) + "].";
    ECOMDW_ASSIGN_OR_RETURN(std::string source, String(s, where, "source"));
    SourceRecords& r = out[source];
    ECOMDW_ASSIGN_OR_RETURN(double raw, Number(s, where, "raw_records"));
    ECOMDW_ASSIGN_OR_RETURN(double staged, Number(s, where, "staged"));
    ECOMDW_ASSIGN_OR_RETURN(double duplicates, Number(s, where, "duplicates"));
    r.raw += raw;
    r.staged += staged;
    r.duplicates += duplicates;
    ECOMDW_ASSIGN_OR_RETURN(const json* reasons,
                            Field(s, where, "quarantined_by_reason", &json::is_object, "an object"));
    for (const auto& [reason, n] : reasons->items()) {
      if (!n.is_number()) return Status::DataError("run_results.json: {}quarantined_by_reason.{}: not a number", where, reason);
      r.quarantined_by_reason[reason] += n.get<double>();
    }
  }
  return out;
}

}  // namespace

Result<std::vector<Family>> LastBuildFamilies(const json& doc, double finished_at) {
  std::vector<Family> out;
  ECOMDW_ASSIGN_OR_RETURN(std::string run_id, String(doc, "", "run_id"));
  ECOMDW_ASSIGN_OR_RETURN(std::string outcome, String(doc, "", "outcome"));

  out.push_back(Gauge("ecomdw_last_build_info", "The latest build or run (always 1), by run id and outcome")
                    .Add({{"run_id", run_id}, {"outcome", outcome}}, 1));
  Family outcomes = Gauge("ecomdw_last_build_outcome",
                          "1 for the latest build's outcome, 0 for the others: published, checks_failed (an error "
                          "check failed, nothing published), failed (nothing published)");
  bool known = false;
  for (const char* o : {"published", "checks_failed", "failed"}) {
    outcomes.Add({{"outcome", o}}, outcome == o ? 1 : 0);
    known = known || outcome == o;
  }
  if (!known) outcomes.Add({{"outcome", outcome}}, 1);
  out.push_back(std::move(outcomes));
  out.push_back(Gauge("ecomdw_last_build_timestamp_seconds", "When the latest build finished (Unix time)")
                    .Add({}, finished_at));

  Family stages = Gauge("ecomdw_last_build_stage_duration_seconds",
                        "Seconds the latest build spent per stage: prepare, ingest, staging, models, checks, publish");
  double total = 0;
  ECOMDW_ASSIGN_OR_RETURN(const json* stage_times, Field(doc, "", "stages", &json::is_object, "an object", true));
  if (stage_times != nullptr) {
    for (const auto& [stage, seconds] : stage_times->items()) {
      if (!seconds.is_number()) return Status::DataError("run_results.json: stages.{}: not a number", stage);
      stages.Add({{"stage", stage}}, seconds.get<double>());
      total += seconds.get<double>();
    }
  }
  out.push_back(Gauge("ecomdw_last_build_duration_seconds", "Seconds the latest build took (its stages summed)")
                    .Add({}, total));
  out.push_back(std::move(stages));

  ECOMDW_ASSIGN_OR_RETURN(const json* ingest, Field(doc, "", "ingest", &json::is_object, "an object"));
  ECOMDW_ASSIGN_OR_RETURN(double landed, Number(*ingest, "ingest.", "landed"));
  ECOMDW_ASSIGN_OR_RETURN(double bytes, Number(*ingest, "ingest.", "bytes"));
  out.push_back(Gauge("ecomdw_last_build_objects_landed", "Objects the latest build fetched from the bucket")
                    .Add({}, landed));
  out.push_back(Gauge("ecomdw_last_build_bytes_landed", "Bytes the latest build fetched from the bucket")
                    .Add({}, bytes));

  ECOMDW_ASSIGN_OR_RETURN(auto by_source, StagedBySource(doc));
  Family raw = Gauge("ecomdw_last_build_records_raw",
                     "Raw records the latest build read per source (= staged + quarantined + duplicate; an "
                     "unreadable object counts as one)");
  Family staged = Gauge("ecomdw_last_build_records_staged", "Records the latest build staged per source");
  Family duplicates = Gauge("ecomdw_last_build_records_duplicate",
                            "Exact duplicate records the latest build dropped per source");
  Family quarantined = Gauge("ecomdw_last_build_records_quarantined",
                             "Records the latest build quarantined per source and reason");
  for (const auto& [source, r] : by_source) {
    raw.Add({{"source", source}}, r.raw);
    staged.Add({{"source", source}}, r.staged);
    duplicates.Add({{"source", source}}, r.duplicates);
    for (const auto& [reason, n] : r.quarantined_by_reason) quarantined.Add({{"source", source}, {"reason", reason}}, n);
  }
  for (Family* f : {&raw, &staged, &duplicates, &quarantined}) out.push_back(std::move(*f));

  ECOMDW_ASSIGN_OR_RETURN(const json* checks, Field(doc, "", "checks", &json::is_object, "an object"));
  ECOMDW_ASSIGN_OR_RETURN(double passed, Number(*checks, "checks.", "passed"));
  ECOMDW_ASSIGN_OR_RETURN(double warned, Number(*checks, "checks.", "warned"));
  ECOMDW_ASSIGN_OR_RETURN(double failed, Number(*checks, "checks.", "failed"));
  ECOMDW_ASSIGN_OR_RETURN(double errored, Number(*checks, "checks.", "errored"));
  out.push_back(Gauge("ecomdw_last_build_checks",
                      "Checks of the latest build per result: pass, warn (a warn check found rows), fail (an error "
                      "check found rows), error (could not run)")
                    .Add({{"result", "pass"}}, passed)
                    .Add({{"result", "warn"}}, warned)
                    .Add({{"result", "fail"}}, failed)
                    .Add({{"result", "error"}}, errored));
  out.push_back(Gauge("ecomdw_last_build_check_failures",
                      "Checks of the latest build that found failing rows, per severity (error ones block the "
                      "publish)")
                    .Add({{"severity", "error"}}, failed)
                    .Add({{"severity", "warn"}}, warned));

  Family models = Gauge("ecomdw_last_build_models", "Models of the latest build per status: success, error, skipped");
  Family model_seconds = Gauge("ecomdw_last_build_model_duration_seconds", "Seconds per model in the latest build");
  std::map<std::string, double> by_status = {{"success", 0}, {"error", 0}, {"skipped", 0}};
  ECOMDW_ASSIGN_OR_RETURN(const json* model_runs, Field(doc, "", "models", &json::is_object, "an object", true));
  if (model_runs != nullptr) {
    for (const auto& [model, m] : model_runs->items()) {
      const std::string where = "models." + model + ".";
      ECOMDW_ASSIGN_OR_RETURN(std::string status, String(m, where, "status"));
      ECOMDW_ASSIGN_OR_RETURN(double seconds, Number(m, where, "seconds"));
      by_status[status] += 1;
      model_seconds.Add({{"model", model}}, seconds);
    }
  }
  for (const auto& [status, n] : by_status) models.Add({{"status", status}}, n);
  out.push_back(std::move(models));
  out.push_back(std::move(model_seconds));
  return out;
}

}  // namespace ecomdw::metrics
