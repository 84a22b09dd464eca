// Atomic publish by swapping between two database files.
//
// The target path of the project (e.g. warehouse.duckdb) is a symbolic link
// to one of two files, .ecomdw/warehouse-a.duckdb or -b.duckdb. Readers open
// whatever the link names (read-only). A build writes only the other file,
// the "work" file, which readers never open; publishing is one rename(2) of
// a new link over the old one, so readers see the old warehouse or the new
// one and never a half-built state, and publishing costs the same whatever
// the warehouse's size. A failed or killed build leaves the link untouched.
//
// The work file lags the published one by a build; every step of a build
// applies what is missing (ledger rows, staged batches, modelled batches),
// so it catches up before it is published.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.h"

namespace ecomdw::publish {

class BlueGreen {
 public:
  // `link` is the project's target path (absolute); the color files live in
  // `state_dir`.
  BlueGreen(std::filesystem::path link, std::filesystem::path state_dir);

  // The file readers use now; empty when nothing was ever published.
  // Corruption when `link` exists but is not a link this class made.
  Result<std::filesystem::path> Published() const;

  // The file the next build writes: the color that is not published.
  Result<std::filesystem::path> WorkFile() const;

  // Makes `work` the published file: fsyncs it, then renames a new link over
  // the old one. REQUIRES: `work` is closed by every writer.
  Status Publish(const std::filesystem::path& work) const;

 private:
  std::filesystem::path link_;
  std::filesystem::path state_dir_;
};

}  // namespace ecomdw::publish
