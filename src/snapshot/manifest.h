// A snapshot's manifest.json: what the snapshot holds and how to tell it is
// whole. Written once, when the snapshot is made, and never changed; verify
// and restore compare the copy against it.
//
//   {"format": 1, "id": "snap-20261203T061500Z-ab12",
//    "created_at": "2026-12-03T06:15:00Z", "ecomdw_version": "0.4.0",
//    "schema_version": 2, "source_generation": "gen-000007.duckdb",
//    "file": {"name": "warehouse.duckdb", "bytes": 12345, "sha256": "…"},
//    "fingerprint_method": "duckdb v1.1.3 sum(hash(row))",
//    "tables": [{"table": "core.fact_orders", "rows": 1480, "fingerprint": "…"}, …]}
//
// Not for: signing. A manifest edited together with its file in a matching
// way is not detected; the manifest guards against damage, not against an
// adversary who can write the snapshot folder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace ecomdw::snapshot {

inline constexpr int kManifestFormat = 1;
inline constexpr const char* kManifestName = "manifest.json";
inline constexpr const char* kWarehouseFileName = "warehouse.duckdb";

struct TableEntry {
  std::string table;  // "schema.table"
  int64_t rows = 0;
  std::string fingerprint;  // warehouse::TableFingerprint::hash

  bool operator==(const TableEntry&) const = default;
};

struct Manifest {
  std::string id;
  std::string created_at;  // UTC, ISO 8601 with a Z
  std::string ecomdw_version;
  int schema_version = 0;          // migrations::SchemaVersion of the copy
  std::string source_generation;   // file name of the generation copied
  std::string file_name = kWarehouseFileName;
  int64_t file_bytes = 0;
  std::string file_sha256;         // lowercase hex
  std::string fingerprint_method;  // warehouse::EngineAdapter::FingerprintMethod
  std::vector<TableEntry> tables;  // sorted by table

  int64_t TotalRows() const;
};

// Pretty-printed JSON, keys in the order above.
std::string ManifestToJson(const Manifest& m);

// Parses and validates a manifest; Corruption naming `where` (the file) and
// the field that is missing, of the wrong type or out of range. Never throws.
Result<Manifest> ParseManifest(std::string_view text, const std::string& where);

}  // namespace ecomdw::snapshot
