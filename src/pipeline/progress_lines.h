// Progress on a terminal for the stages of a build after ingest (which has
// its own redrawn line, ingest/progress.h): a line when a stage starts, and
// one line per model as it finishes, numbered as dbt prints them, on stderr.
// Lines, never redrawn, so nothing needs clearing and a scrolled terminal
// keeps the history. Silent unless enabled: the CLI enables it only for
// text output with stderr on a TTY, so none of it reaches `--format json`,
// a pipe or a log file.
#pragma once

#include <string_view>

#include "models/runner.h"

namespace ecomdw::pipeline {

class ProgressLines {
 public:
  explicit ProgressLines(bool enabled) : enabled_(enabled) {}

  // "staging    412 objects of 2 batches"
  void Stage(std::string_view stage, std::string_view what) const;

  // The runner's callback: "  3/13  ok     core.dim_customer   0.42s   1,234 rows".
  // Empty when disabled, so the runner does no work for it.
  models::TaskFinished ModelLines() const;

 private:
  bool enabled_;
};

}  // namespace ecomdw::pipeline
