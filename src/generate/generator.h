// The day driver of `ecomdw generate`: advances the world day by day and
// writes each day's objects into the bucket and the ground truth beside it.
//
// Entry point for the CLI and tests. Memory is bounded by the entities plus
// about kOrderWindowDays days of orders, so SF 10 fits on a laptop.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "generate/options.h"

namespace ecomdw::generate {

struct GenerateSummary {
  int32_t days_written = 0;
  std::string first_day;  // first dt written by this run
  std::string last_day;
  int64_t objects = 0;
  int64_t bytes = 0;         // as stored (compressed where the format is)
  int64_t orders_planned = 0;
  int64_t valid_orders = 0;  // in the order-truth files written by this run
  int64_t defects = 0;
  std::string truth_dir;
};

// The truth folder for a bucket: `<dir>.truth` for file://<dir>.
// InvalidArgument for s3:// (the truth must not go into the bucket: pass
// --truth).
Result<std::string> DefaultTruthDir(const std::string& bucket_uri);

// Generates days [options.first_output_day, options.days) into
// options.bucket_uri (full run: first_output_day = 0) and rewrites the truth.
// Same options, same bytes. IOError / Unavailable from the object store.
Result<GenerateSummary> Generate(const GenerateOptions& options);

// Options that add one day onto the raw zone whose truth is in `truth_dir`
// (from its manifest). NotFound when there is no manifest.
Result<GenerateOptions> AppendDayOptions(const std::string& bucket_uri, const std::string& truth_dir);

}  // namespace ecomdw::generate
