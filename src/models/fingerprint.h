// Change-aware builds: every model is fingerprinted, and a model whose
// fingerprint differs from the one stored when it was last built in full is
// rebuilt in full, with everything downstream of it (SQLMesh's idea).
//
//   sql_sha256    SHA-256 of the model file as parsed (header and SELECT:
//                 materialization, unique key and logic all count)
//   fingerprint   SHA-256 over sql_sha256 and the fingerprints of the models
//                 it reads, so an edit upstream changes every fingerprint
//                 downstream, and a downstream model that did not get rebuilt
//                 (a failed or skipped run) still differs next time
//
// ops.model_fingerprints (owned here, one row per model) holds the
// fingerprint of each model's last build in full: a table or view every time
// it runs, an incremental model only on a full refresh. A model with no row
// (new, or a warehouse from before fingerprints) counts as changed.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "models/dag.h"
#include "warehouse/warehouse.h"

namespace ecomdw::models {

struct Fingerprint {
  std::string sql_sha256;
  std::string fingerprint;
};

// The fingerprint of every model of `graph`, by full name.
std::map<std::string, Fingerprint> FingerprintModels(const ModelGraph& graph);

// Creates ops.model_fingerprints if missing. Idempotent.
Status EnsureFingerprintTable(warehouse::Warehouse& wh);

// Replaces `model`'s row with `fp`, built by `run_id`.
Status RecordFingerprint(warehouse::Warehouse& wh, const std::string& model, const Fingerprint& fp,
                         const std::string& run_id);

struct StoredFingerprint {
  Fingerprint fp;
  std::string run_id;       // the build that recorded it
  std::string recorded_at;  // UTC text
};

// Every stored row, by model; empty when the table does not exist yet.
Result<std::map<std::string, StoredFingerprint>> LoadFingerprints(warehouse::Warehouse& wh);

enum class ChangeReason {
  kUnchanged,     // fingerprint as stored and the table exists
  kNew,           // no stored fingerprint: never built in full by a fingerprinting build
  kEdited,        // its own SQL or header differs from the stored one
  kUpstream,      // its SQL is as stored, but a model it reads was rebuilt
  kMissingTable,  // fingerprint as stored, but the table or view is gone
};
std::string_view ChangeReasonName(ChangeReason r);

struct ModelChange {
  std::string model;
  ChangeReason reason = ChangeReason::kUnchanged;
  std::string upstream;    // kUpstream: the nearest rebuilt model it reads
  std::string stored_run;  // run that recorded the stored fingerprint, if any
};

struct ChangePlan {
  std::vector<ModelChange> models;  // every model, in dependency order
  std::vector<std::string> rebuild;  // the models to rebuild in full, in dependency order

  bool Rebuilds(const std::string& model) const;
};

// What a build must rebuild in full: models whose fingerprint differs from
// `stored` or whose relation is not in `existing` ("schema.name"), and
// everything downstream of them.
ChangePlan PlanChanges(const ModelGraph& graph, const std::map<std::string, StoredFingerprint>& stored,
                       const std::set<std::string>& existing);

// The same from a warehouse: its stored fingerprints and its relations.
Result<ChangePlan> PlanChanges(warehouse::Warehouse& wh, const ModelGraph& graph);

}  // namespace ecomdw::models
