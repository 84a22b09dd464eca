#include "models/fingerprint.h"

#include <fmt/format.h>

#include <algorithm>

#include "objectstore/digest.h"

namespace ecomdw::models {

std::map<std::string, Fingerprint> FingerprintModels(const ModelGraph& graph) {
  std::map<std::string, Fingerprint> out;
  for (const Model& m : graph.ordered()) {  // dependencies first
    Fingerprint fp;
    fp.sql_sha256 = objectstore::Sha256Hex(m.sql);
    std::vector<std::string> deps = m.depends_on;
    std::sort(deps.begin(), deps.end());
    std::string material = "ecomdw model fingerprint v1\n" + m.full_name() + "\n" + fp.sql_sha256 + "\n";
    for (const std::string& d : deps) material += d + "=" + out.at(d).fingerprint + "\n";
    fp.fingerprint = objectstore::Sha256Hex(material);
    out.emplace(m.full_name(), std::move(fp));
  }
  return out;
}

Status EnsureFingerprintTable(warehouse::Warehouse& wh) {
  return wh.Execute(
      "CREATE SCHEMA IF NOT EXISTS ops;"
      "CREATE TABLE IF NOT EXISTS ops.model_fingerprints (model VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, "
      "sql_sha256 VARCHAR NOT NULL, run_id VARCHAR NOT NULL, recorded_at TIMESTAMP NOT NULL)");
}

Status RecordFingerprint(warehouse::Warehouse& wh, const std::string& model, const Fingerprint& fp,
                         const std::string& run_id) {
  ECOMDW_TRY(wh.Begin());
  Result<int64_t> del = wh.ExecuteParams("DELETE FROM ops.model_fingerprints WHERE model = $1", {model});
  Result<int64_t> ins =
      del.ok() ? wh.ExecuteParams("INSERT INTO ops.model_fingerprints VALUES ($1, $2, $3, $4, $5)",
                                  {model, fp.fingerprint, fp.sql_sha256, run_id, warehouse::NowTimestamp()})
               : del;
  if (!ins.ok()) {
    (void)wh.Rollback();  // the statement's error is the one to report
    return ins.status().WithContext(fmt::format("recording the fingerprint of {}", model));
  }
  return wh.Commit();
}

Result<std::map<std::string, StoredFingerprint>> LoadFingerprints(warehouse::Warehouse& wh) {
  std::map<std::string, StoredFingerprint> out;
  ECOMDW_ASSIGN_OR_RETURN(
      warehouse::QueryResult exists,
      wh.Query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'ops' "
               "AND table_name = 'model_fingerprints'"));
  if (std::get<int64_t>(exists.Scalar()) == 0) return out;
  ECOMDW_ASSIGN_OR_RETURN(
      warehouse::QueryResult rows,
      wh.Query("SELECT model, fingerprint, sql_sha256, run_id, CAST(recorded_at AS VARCHAR) FROM "
               "ops.model_fingerprints"));
  for (const warehouse::Row& r : rows.rows) {
    out[std::get<std::string>(r[0])] = {.fp = {.sql_sha256 = std::get<std::string>(r[2]),
                                               .fingerprint = std::get<std::string>(r[1])},
                                        .run_id = std::get<std::string>(r[3]),
                                        .recorded_at = std::get<std::string>(r[4])};
  }
  return out;
}

std::string_view ChangeReasonName(ChangeReason r) {
  switch (r) {
    case ChangeReason::kUnchanged: return "unchanged";
    case ChangeReason::kNew: return "new";
    case ChangeReason::kEdited: return "edited";
    case ChangeReason::kUpstream: return "upstream";
    case ChangeReason::kMissingTable: return "missing";
  }
  return "?";
}

bool ChangePlan::Rebuilds(const std::string& model) const {
  return std::find(rebuild.begin(), rebuild.end(), model) != rebuild.end();
}

ChangePlan PlanChanges(const ModelGraph& graph, const std::map<std::string, StoredFingerprint>& stored,
                       const std::set<std::string>& existing) {
  const std::map<std::string, Fingerprint> now = FingerprintModels(graph);
  ChangePlan plan;
  std::set<std::string> rebuilt;
  for (const Model& m : graph.ordered()) {
    ModelChange c{.model = m.full_name()};
    auto it = stored.find(m.full_name());
    if (it != stored.end()) c.stored_run = it->second.run_id;
    const Fingerprint& fp = now.at(m.full_name());
    for (const std::string& d : m.depends_on) {  // a rebuilt input rebuilds this model, whatever else holds
      if (rebuilt.count(d)) {
        c.reason = ChangeReason::kUpstream;
        c.upstream = d;
        break;
      }
    }
    if (it == stored.end()) {
      c.reason = ChangeReason::kNew;
    } else if (it->second.fp.sql_sha256 != fp.sql_sha256) {
      c.reason = ChangeReason::kEdited;
    } else if (c.reason == ChangeReason::kUnchanged && it->second.fp.fingerprint != fp.fingerprint) {
      // Its SQL is as built, but an input's fingerprint moved since (the input
      // was rebuilt after this model last was, or this one was skipped).
      c.reason = ChangeReason::kUpstream;
    } else if (c.reason == ChangeReason::kUnchanged && !existing.count(m.full_name())) {
      c.reason = ChangeReason::kMissingTable;
    }
    if (c.reason != ChangeReason::kUnchanged) {
      rebuilt.insert(m.full_name());
      plan.rebuild.push_back(m.full_name());
    }
    plan.models.push_back(std::move(c));
  }
  return plan;
}

Result<ChangePlan> PlanChanges(warehouse::Warehouse& wh, const ModelGraph& graph) {
  ECOMDW_ASSIGN_OR_RETURN(auto stored, LoadFingerprints(wh));
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult rel,
                          wh.Query("SELECT table_schema || '.' || table_name FROM information_schema.tables"));
  std::set<std::string> existing;
  for (const warehouse::Row& r : rel.rows) existing.insert(std::get<std::string>(r[0]));
  return PlanChanges(graph, stored, existing);
}

}  // namespace ecomdw::models
