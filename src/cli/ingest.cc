// `ecomdw ingest`: fetch new and changed raw objects exactly once into the
// project's landing area, recorded in ops.ingest_ledger of the work
// generation (never in the published one: readers are not disturbed and a
// crash cannot leave a log beside the published file). The next `build` or
// `run` continues that generation. While a build runs, ingest waits for it
// and then lands into the generation the next build continues.
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>

#include "cli/verbs.h"
#include "ingest/ingest.h"
#include "pipeline/ingest_step.h"

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

Status Ingest(const project::Project& project, const GlobalOptions& globals, int parallel) {
  ECOMDW_ASSIGN_OR_RETURN(project::Work work, project.OpenWork(publish::BuildLock::Mode::kWait, "ingest"));
  bool progress = globals.format == OutputFormat::kText && ::isatty(STDERR_FILENO) == 1;
  pipeline::MissingLanded forgotten;
  Result<ingest::IngestReport> report = pipeline::IngestInto(project, work.wh(), parallel, progress, &forgotten);
  Status closed = work.Close();  // what landed stays for the next build, even when the ingest failed
  ECOMDW_TRY(project::NameDiskFull(report.status(), work.generation().file));
  PrintReport(*report, globals.format);
  ECOMDW_TRY(project::NameDiskFull(report->status, project.config().Resolve(project.config().bucket.landing_dir)));
  return closed;
}

}  // namespace

void AddIngestCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("ingest", "Fetch new raw objects exactly once into the landing area");
  auto parallel = std::make_shared<int>(4);
  sub->add_option("--parallel", *parallel, "Downloads in flight")->check(CLI::Range(1, 64))->capture_default_str();
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;
  sub->callback([chosen, globals, parallel] {
    *chosen = WithProject(globals, [globals, parallel](const project::Project& p) { return Ingest(p, *globals, *parallel); });
  });
}

}  // namespace ecomdw::cli
