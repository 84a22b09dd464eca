// What one `ecomdw ingest` run fetches, independent of how the project is
// configured (cli/ingest.cc fills it from ecomdw.toml).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ecomdw::ingest {

struct SourcePrefix {
  std::string name;    // e.g. "webshop_orders"; recorded in the ledger
  std::string prefix;  // key prefix in the bucket, e.g. "orders/source=webshop/"
  std::string format;  // jsonl | csv | parquet | json; informational here
};

struct IngestPlan {
  std::string bucket_uri;                 // recorded with every ledger row
  std::vector<SourcePrefix> sources;      // a key matched by two prefixes goes to the first
  std::filesystem::path landing_dir;      // objects land in <landing_dir>/<batch id>/<key>
  int parallelism = 4;                    // downloads in flight, >= 1
  bool show_progress = false;             // a progress line on stderr (callers pass isatty)
};

}  // namespace ecomdw::ingest
