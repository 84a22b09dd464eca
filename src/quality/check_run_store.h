// Check runs of a reader (`ecomdw check`) kept beside the project until the
// next writer folds them into ops.check_results.
//
// Why not straight into the warehouse: `check` reads the published
// generation, which is never opened for writing (docs/spine.md), and taking
// the build lock to write the work generation would make a reader wait for a
// running build. So a check run is saved as one JSON file,
// .ecomdw/runs/<run_id>.json (written atomically, never blocks), and the next
// `build` or `run` appends it to ops.check_results of its work generation
// (idempotent by run_id: a run already there is skipped, so a build that
// fails after folding and its successor never record a run twice). Once that
// generation is published the files are removed. History therefore reaches
// readers with the next publish; `ecomdw status` shows saved runs at once.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/result.h"
#include "quality/checks.h"
#include "warehouse/warehouse.h"

namespace ecomdw::quality {

// The folder of saved runs: <state_dir>/runs.
std::filesystem::path CheckRunsDir(const std::filesystem::path& state_dir);

// Writes `summary` (every result, with its check's name, table, type,
// severity and SQL) to <state_dir>/runs/<run_id>.json. `arguments` is the
// command line that ran it, kept for `status`. InvalidArgument for a run id
// that is not a plain file name ([A-Za-z0-9._-]); IOError naming the file.
Result<std::filesystem::path> SaveCheckRun(const std::filesystem::path& state_dir, const CheckRunSummary& summary,
                                           const std::string& arguments);

// A saved run as read back: the summary's counts and the file it came from.
struct SavedCheckRun {
  std::filesystem::path file;
  std::string run_id;
  std::string arguments;
  std::string finished_at;  // UTC, "YYYY-MM-DD HH:MM:SS"
  int passed = 0, warned = 0, failed = 0, errored = 0;
};

// Every saved run, oldest first (by file name: run ids begin with their UTC
// time). A file that does not parse is skipped with a warning.
std::vector<SavedCheckRun> ListSavedCheckRuns(const std::filesystem::path& state_dir);

// Appends every saved run not yet in ops.check_results (by run_id) to it, one
// transaction per run, with the time the check ran as checked_at. Returns the
// files folded (those already recorded included), to remove after publishing.
Result<std::vector<std::filesystem::path>> FoldSavedCheckRuns(warehouse::Warehouse& wh,
                                                              const std::filesystem::path& state_dir);

// Removes folded files; a file already gone is fine.
void RemoveSavedCheckRuns(const std::vector<std::filesystem::path>& files);

}  // namespace ecomdw::quality
