// `ecomdw build` as one unit: ingest -> staging -> models -> checks ->
// publish (`ecomdw run`: the same without ingest; the checks always run), in the work generation the Project hands out (project/project.h).
// Nothing of a build is visible until every step succeeded and the work
// generation is published (publish/generations.h); a failure at any point,
// the process dying included, leaves the published warehouse as it was,
// and the next build finishes the job from where the work generation stands.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/config.h"
#include "ingest/ingest.h"
#include "models/fingerprint.h"
#include "models/runner.h"
#include "pipeline/ingest_step.h"
#include "project/project.h"
#include "quality/checks.h"
#include "staging/loader.h"

namespace ecomdw::pipeline {

struct BuildOptions {
  bool ingest = true;                 // false: stage and model what is landed already (`ecomdw run`)
  // There is no switch for the checks: every build publishes only past the
  // quality gate (no error check failing or unable to run), `run` included.
  bool full_refresh = false;          // rebuild every model from all staged batches
  std::vector<std::string> select;    // models; empty = all
  int ingest_parallelism = 4;
  bool show_progress = false;
  bool discard_unpublished = false;   // start from a fresh copy of the published generation
  bool compact = false;               // rewrite the published file without dead space, needed or not
  std::string arguments;              // the command line, recorded in ops.runs
};

struct StageTime {
  std::string stage;
  double seconds = 0;
};

struct BuildReport {
  std::string run_id;
  std::string outcome;  // published | checks_failed | failed
  Status status;        // why, when not published
  std::vector<StageTime> stages;
  publish::WorkGeneration work;       // the generation this build wrote
  MissingLanded forgotten;            // landed files found gone, fetched again
  ingest::IngestReport ingest;
  std::vector<staging::BatchLoadResult> staged;
  std::vector<std::string> applied_batches;  // batches the models applied
  models::ChangePlan changes;                // models rebuilt in full, and why (models/fingerprint.h)
  std::vector<models::TaskResult> models;
  quality::CheckRunSummary checks;
  std::vector<std::pair<std::string, int64_t>> table_rows;  // core and marts tables
  std::string published_file;
  project::PublishReport publish;
};

// Runs the build. The Result fails only when the build could not start
// (lock held by another writer, the work generation could not be made);
// every later failure is in BuildReport::status with outcome "failed" or
// "checks_failed".
Result<BuildReport> RunBuild(const project::Project& project, const BuildOptions& options);

}  // namespace ecomdw::pipeline
