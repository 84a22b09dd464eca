// The ingest step shared by `ecomdw ingest` and `ecomdw build`: the plan
// from ecomdw.toml, a landing area check, and ingest::RunIngest into the
// work generation the caller holds.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/ingest.h"
#include "project/project.h"
#include "warehouse/warehouse.h"

namespace ecomdw::pipeline {

// Landed objects of batches not staged yet whose files are gone from the
// landing area (someone deleted .ecomdw/landing, or part of it).
struct MissingLanded {
  int64_t objects = 0;
  std::string first;                 // the first missing path
  std::vector<std::string> batches;  // the batches they belong to
};

// Finds the missing landed objects and forgets their ledger rows, so that
// the next ingest fetches them again from the bucket as new objects. They
// were never staged, so nothing is counted twice. Batches already staged
// never need their landed files again (the next generation is a copy).
Result<MissingLanded> ForgetMissingLanded(warehouse::Warehouse& wh);

// The ingest plan of the project's config.
ingest::IngestPlan MakeIngestPlan(const config::Config& cfg, int parallelism, bool show_progress);

// ForgetMissingLanded, then every new or changed object of the bucket into
// the landing area, recorded in `wh` (the caller's work generation).
Result<ingest::IngestReport> IngestInto(const project::Project& project, warehouse::Warehouse& wh, int parallelism,
                                        bool show_progress, MissingLanded* forgotten);

}  // namespace ecomdw::pipeline
