#include "pipeline/progress_lines.h"

#include <cstdio>

#include <fmt/core.h>

namespace ecomdw::pipeline {

void ProgressLines::Stage(std::string_view stage, std::string_view what) const {
  if (!enabled_) return;
  fmt::print(stderr, "{:<10} {}\n", stage, what);
  std::fflush(stderr);
}

models::TaskFinished ProgressLines::ModelLines() const {
  if (!enabled_) return {};
  return [](const models::TaskResult& r, size_t finished, size_t total) {
    const char* state = r.skipped ? "skip" : r.status.ok() ? "ok" : "ERROR";
    if (r.skipped) {
      fmt::print(stderr, "  {:>3}/{:<3} {:<6} {}\n", finished, total, state, r.model);
    } else {
      fmt::print(stderr, "  {:>3}/{:<3} {:<6} {:<36} {:>7.2f}s {:>10} rows\n", finished, total, state, r.model,
                 r.seconds, r.rows_total);
    }
    std::fflush(stderr);
  };
}

}  // namespace ecomdw::pipeline
