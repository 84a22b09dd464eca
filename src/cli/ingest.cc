// `ecomdw ingest`: fetch new and changed raw objects exactly once into the
// project's landing area, recorded in ops.ingest_ledger.
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>

#include "cli/verbs.h"
#include "config/config.h"
#include "ingest/ingest.h"
#include "objectstore/object_store.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::cli {
namespace {

std::string Printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void PrintReport(const ingest::IngestReport& r, OutputFormat format) {
  if (format == OutputFormat::kJson) {
    nlohmann::json objects = nlohmann::json::array();
    for (const auto& o : r.objects) {
      objects.push_back({{"key", o.key}, {"source", o.source}, {"version", o.version}, {"size", o.size},
                         {"etag", o.etag}, {"sha256", o.sha256}, {"landed_path", o.landed_path}});
    }
    nlohmann::json refused = nlohmann::json::array();
    for (const auto& k : r.refused) refused.push_back({{"key", Printable(k.key)}, {"reason", k.reason}});
    nlohmann::json j = {{"batch_id", r.batch_id},
                        {"listed", r.listed},
                        {"unchanged", r.unchanged},
                        {"new_objects", r.new_objects},
                        {"new_versions", r.new_versions},
                        {"retried", r.retried},
                        {"landed", r.landed},
                        {"bytes_landed", r.bytes_landed},
                        {"seconds", r.seconds},
                        {"objects", objects},
                        {"refused", refused},
                        {"failures", r.failures},
                        {"status", r.status.ok() ? "ok" : r.status.ToString()}};
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  double mb = static_cast<double>(r.bytes_landed) / 1e6;
  if (r.batch_id.empty()) {
    fmt::print("ingest: nothing new ({} objects listed, {} already landed) in {:.2f}s\n", r.listed, r.unchanged,
               r.seconds);
  } else {
    fmt::print(
        "ingest: batch {}: landed {} objects ({:.1f} MB) in {:.2f}s: {} new, {} new versions, {} retried; {} "
        "unchanged of {} listed\n",
        r.batch_id, r.landed, mb, r.seconds, r.new_objects, r.new_versions, r.retried, r.unchanged, r.listed);
  }
  for (const auto& k : r.refused) std::fprintf(stderr, "ingest: refused: %s\n", k.reason.c_str());
  for (const auto& f : r.failures) std::fprintf(stderr, "ingest: failed: %s\n", Printable(f).c_str());
}

Status Ingest(const GlobalOptions& globals, int parallel) {
  ECOMDW_ASSIGN_OR_RETURN(config::Config cfg, config::LoadConfig(globals.project_dir));
  ECOMDW_ASSIGN_OR_RETURN(const config::Target* target, cfg.FindTarget(globals.target));
  if (target->type != config::TargetType::kDuckDb) {
    return Status::InvalidArgument("ingest: target \"{}\" is not a duckdb target; the ledger lives on duckdb for now",
                                   target->name);
  }
  ingest::IngestPlan plan;
  plan.bucket_uri = cfg.ResolvedBucketUri();
  for (const config::Source& s : cfg.sources) plan.sources.push_back({s.name, s.prefix, s.format});
  plan.landing_dir = cfg.Resolve(cfg.bucket.landing_dir);
  plan.parallelism = parallel;
  plan.show_progress = globals.format == OutputFormat::kText && ::isatty(STDERR_FILENO) == 1;

  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<objectstore::ObjectStore> store,
                          objectstore::OpenObjectStore(plan.bucket_uri));
  config::LocalLimits limits = config::MapWorkgroupToThisMachine(cfg.workgroup);
  warehouse::DuckDbOptions options;
  options.threads = limits.threads;
  options.memory_limit = limits.memory_limit_text();
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<warehouse::Warehouse> wh,
                          warehouse::OpenDuckDb(cfg.Resolve(target->path).string(), options));
  ECOMDW_ASSIGN_OR_RETURN(ingest::IngestReport report, ingest::RunIngest(plan, *store, *wh));
  PrintReport(report, globals.format);
  return report.status;
}

}  // namespace

void AddIngestCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("ingest", "Fetch new raw objects exactly once into the landing area");
  auto parallel = std::make_shared<int>(4);
  sub->add_option("--parallel", *parallel, "Downloads in flight")->check(CLI::Range(1, 64))->capture_default_str();
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals, parallel] {
    *chosen = [globals, parallel] { return Ingest(*globals, *parallel); };
  });
}

}  // namespace ecomdw::cli
