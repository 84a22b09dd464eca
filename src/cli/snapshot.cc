// `ecomdw snapshot create|list|verify ID|restore ID|prune --keep N`: backups
// of a DuckDB target with a manifest of checksums (src/snapshot/,
// docs/snapshots.md). Text or --format json; a damaged snapshot is exit 3,
// a bad id or --keep exit 2.
#include <nlohmann/json.hpp>

#include "cli/verbs.h"
#include "snapshot/snapshot_store.h"

namespace ecomdw::cli {
namespace {

using nlohmann::ordered_json;

void PrintJson(const ordered_json& j) {
  fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

ordered_json Summary(const snapshot::Manifest& m) {
  return {{"id", m.id},
          {"created_at", m.created_at},
          {"bytes", m.file_bytes},
          {"tables", m.tables.size()},
          {"rows", m.TotalRows()},
          {"schema_version", m.schema_version},
          {"source_generation", m.source_generation},
          {"ecomdw_version", m.ecomdw_version},
          {"sha256", m.file_sha256}};
}

Status Create(const project::Project& p, const GlobalOptions& g) {
  ECOMDW_ASSIGN_OR_RETURN(snapshot::Manifest m, snapshot::SnapshotStore(p).Create());
  if (g.format == OutputFormat::kJson) {
    PrintJson(Summary(m));
  } else {
    fmt::print("{}\n", m.id);
    fmt::print(stderr, "snapshot {}: {} ({:.1f} MB, {} tables, {} rows, schema version {})\n", m.id,
               m.source_generation, static_cast<double>(m.file_bytes) / 1e6, m.tables.size(), m.TotalRows(),
               m.schema_version);
  }
  return Status::OK();
}

Status List(const project::Project& p, const GlobalOptions& g) {
  ECOMDW_ASSIGN_OR_RETURN(std::vector<snapshot::ListedSnapshot> all, snapshot::SnapshotStore(p).List());
  if (g.format == OutputFormat::kJson) {
    ordered_json out = ordered_json::array();
    for (const auto& s : all) {
      if (s.manifest) {
        out.push_back(Summary(*s.manifest));
      } else {
        out.push_back({{"id", s.id}, {"problem", s.problem}});
      }
    }
    PrintJson(out);
    return Status::OK();
  }
  if (all.empty()) {
    fmt::print("no snapshots (`ecomdw snapshot create` makes one)\n");
    return Status::OK();
  }
  fmt::print("{:<27} {:<20} {:>12} {:>6} {:>7}\n", "id", "created", "bytes", "tables", "schema");
  for (const auto& s : all) {
    if (s.manifest) {
      const snapshot::Manifest& m = *s.manifest;
      fmt::print("{:<27} {:<20} {:>12} {:>6} {:>7}\n", m.id, m.created_at, m.file_bytes, m.tables.size(),
                 m.schema_version);
    } else {
      fmt::print("{:<27} unreadable: {}\n", s.id, s.problem);
    }
  }
  return Status::OK();
}

Status Verify(const project::Project& p, const GlobalOptions& g, const std::string& id) {
  ECOMDW_ASSIGN_OR_RETURN(snapshot::VerifyReport v, snapshot::SnapshotStore(p).Verify(id));
  if (g.format == OutputFormat::kJson) {
    ordered_json j = Summary(v.manifest);
    j["verified"] = true;
    j["tables_compared"] = v.tables_compared;
    j["hashes_compared"] = v.hashes_compared;
    PrintJson(j);
    return Status::OK();
  }
  fmt::print("snapshot {} is whole: SHA-256 of {} bytes and {} tables match its manifest\n", id, v.manifest.file_bytes,
             v.tables_compared);
  if (!v.hashes_compared) {
    fmt::print("  row hashes not compared: made by {}, this ecomdw uses {} (row counts and SHA-256 were)\n",
               v.manifest.fingerprint_method, v.method_now);
  }
  return Status::OK();
}

Status Restore(const project::Project& p, const GlobalOptions& g, const std::string& id, bool discard) {
  ECOMDW_ASSIGN_OR_RETURN(snapshot::RestoreResult r, snapshot::SnapshotStore(p).Restore(id, discard));
  const project::RestoreReport& pub = r.published;
  if (g.format == OutputFormat::kJson) {
    ordered_json j = Summary(r.verified.manifest);
    j["published"] = pub.file.filename().string();
    j["replaced"] = pub.replaced.empty() ? "" : pub.replaced.filename().string();
    j["discarded_unpublished"] = pub.discarded.empty() ? "" : pub.discarded.filename().string();
    j["held_by_readers"] = pub.held.size();
    PrintJson(j);
    return Status::OK();
  }
  fmt::print("restored snapshot {} as {} (was {})\n", id, pub.file.filename().string(),
             pub.replaced.empty() ? "nothing" : pub.replaced.filename().string());
  if (!pub.discarded.empty()) fmt::print("  discarded the unpublished generation {}\n", pub.discarded.filename().string());
  if (!pub.held.empty()) fmt::print("  {} older generations kept while readers hold them\n", pub.held.size());
  return Status::OK();
}

Status Prune(const project::Project& p, const GlobalOptions& g, int keep) {
  ECOMDW_ASSIGN_OR_RETURN(snapshot::PruneReport r, snapshot::SnapshotStore(p).Prune(keep));
  if (g.format == OutputFormat::kJson) {
    PrintJson({{"removed", r.removed}, {"kept", r.kept}});
    return Status::OK();
  }
  for (const std::string& id : r.removed) fmt::print("removed {}\n", id);
  fmt::print("{} snapshots kept\n", r.kept.size());
  return Status::OK();
}

}  // namespace

void AddSnapshotCommand(Registry& r) {
  CLI::App* sub = r.app->add_subcommand("snapshot", "Create, list, verify, restore and prune warehouse snapshots");
  sub->require_subcommand(1);
  Action* chosen = r.chosen;
  const GlobalOptions* globals = r.globals;

  CLI::App* create = sub->add_subcommand("create", "Copy the published warehouse, with a manifest of checksums");
  create->callback([chosen, globals] {
    *chosen = WithProject(globals, [globals](const project::Project& p) { return Create(p, *globals); });
  });

  CLI::App* list = sub->add_subcommand("list", "The snapshots, oldest first");
  list->callback([chosen, globals] {
    *chosen = WithProject(globals, [globals](const project::Project& p) { return List(p, *globals); });
  });

  auto verify_id = std::make_shared<std::string>();
  CLI::App* verify = sub->add_subcommand("verify", "Recompute a snapshot's checksums and table fingerprints");
  verify->add_option("ID", *verify_id, "Snapshot id (see `snapshot list`)")->required();
  verify->callback([chosen, globals, verify_id] {
    *chosen = WithProject(globals, [globals, verify_id](const project::Project& p) {
      return Verify(p, *globals, *verify_id);
    });
  });

  auto restore_id = std::make_shared<std::string>();
  auto discard = std::make_shared<bool>(false);
  CLI::App* restore = sub->add_subcommand(
      "restore", "Verify a snapshot, then publish it as the warehouse (readers keep what they hold)");
  restore->add_option("ID", *restore_id, "Snapshot id (see `snapshot list`)")->required();
  restore->add_flag("--discard-unpublished", *discard,
                    "Drop an unpublished generation (a failed build's work, or what ingest landed) instead of "
                    "refusing");
  restore->callback([chosen, globals, restore_id, discard] {
    *chosen = WithProject(globals, [globals, restore_id, discard](const project::Project& p) {
      return Restore(p, *globals, *restore_id, *discard);
    });
  });

  auto keep = std::make_shared<int>(0);
  CLI::App* prune = sub->add_subcommand("prune", "Remove the oldest snapshots, keeping the newest N");
  prune->add_option("--keep", *keep, "How many snapshots to keep (at least 1)")->required();
  prune->callback([chosen, globals, keep] {
    *chosen = WithProject(globals, [globals, keep](const project::Project& p) { return Prune(p, *globals, *keep); });
  });
}

}  // namespace ecomdw::cli
