// What the next build would do, and why, read from the generation it would
// continue (the unpublished one, else the published one) without writing
// anything: `ecomdw plan` and `ecomdw build --dry-run`.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "models/fingerprint.h"
#include "project/project.h"

namespace ecomdw::pipeline {

struct PlannedBatch {
  std::string batch_id;
  std::string state;  // "landed" (staging runs first) | "staged" (staged, not modelled yet)
  int64_t objects = 0;
};

struct PlannedModel {
  std::string model;
  std::string materialization;
  std::string action;  // "rebuild in full" | "apply new batches" | "rebuild (table)" | "up to date"
  models::ChangeReason reason = models::ChangeReason::kUnchanged;
  std::string upstream;
};

struct BuildPlan {
  std::string generation;  // file name read, or empty before the first build
  bool unpublished = false;
  std::vector<PlannedBatch> batches;
  std::vector<PlannedModel> models;
  int rebuilt_in_full = 0;
  int other_runs = 0;
};

// REQUIRES: a file (duckdb) target. Conflict while a writer holds the
// unpublished generation.
Result<BuildPlan> PlanBuild(const project::Project& project);

}  // namespace ecomdw::pipeline
