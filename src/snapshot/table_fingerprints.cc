#include "snapshot/table_fingerprints.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace ecomdw::snapshot {

Result<std::vector<TableEntry>> FingerprintEveryTable(warehouse::EngineAdapter& db) {
  std::vector<TableEntry> out;
  ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> schemas, db.ListSchemas());
  for (const std::string& schema : schemas) {
    ECOMDW_ASSIGN_OR_RETURN(std::vector<std::string> tables, db.ListTables(schema));
    for (const std::string& table : tables) {
      Result<warehouse::TableFingerprint> fp = db.FingerprintTable(schema, table);
      if (!fp.ok()) return fp.status().WithContext(fmt::format("fingerprinting {}.{}", schema, table));
      out.push_back({schema + "." + table, fp->rows, fp->hash});
    }
  }
  std::sort(out.begin(), out.end(), [](const TableEntry& a, const TableEntry& b) { return a.table < b.table; });
  return out;
}

std::vector<std::string> CompareTables(const std::vector<TableEntry>& want, const std::vector<TableEntry>& got,
                                       bool compare_hashes) {
  std::map<std::string, const TableEntry*> found;
  for (const TableEntry& t : got) found[t.table] = &t;
  std::vector<std::string> diffs;
  for (const TableEntry& w : want) {
    auto it = found.find(w.table);
    if (it == found.end()) {
      diffs.push_back(fmt::format("{}: in the manifest, not in the file", w.table));
      continue;
    }
    const TableEntry& g = *it->second;
    if (g.rows != w.rows) {
      diffs.push_back(fmt::format("{}: {} rows in the manifest, {} in the file", w.table, w.rows, g.rows));
    } else if (compare_hashes && g.fingerprint != w.fingerprint) {
      diffs.push_back(
          fmt::format("{}: fingerprint {} in the manifest, {} in the file", w.table, w.fingerprint, g.fingerprint));
    }
    found.erase(it);
  }
  for (const auto& [name, t] : found) diffs.push_back(fmt::format("{}: in the file, not in the manifest", name));
  return diffs;
}

}  // namespace ecomdw::snapshot
