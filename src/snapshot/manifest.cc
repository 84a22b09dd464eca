#include "snapshot/manifest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "snapshot/snapshot_id.h"

namespace ecomdw::snapshot {
namespace {

using nlohmann::json;

bool IsLowerHex(std::string_view s, size_t length) {
  return s.size() == length &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) || (c >= 'a' && c <= 'f'); });
}

// Typed field access that reports instead of throwing.
class Fields {
 public:
  Fields(const json& object, std::string where) : object_(object), where_(std::move(where)) {}

  Result<std::string> Text(const char* key) const {
    auto it = object_.find(key);
    if (it == object_.end() || !it->is_string()) return Missing(key, "a string");
    return it->get<std::string>();
  }
  Result<int64_t> Count(const char* key) const {
    auto it = object_.find(key);
    if (it == object_.end() || !it->is_number_integer() || it->get<int64_t>() < 0) {
      return Missing(key, "a non-negative integer");
    }
    return it->get<int64_t>();
  }
  Result<const json*> Child(const char* key, bool array) const {
    auto it = object_.find(key);
    if (it == object_.end() || (array ? !it->is_array() : !it->is_object())) {
      return Missing(key, array ? "an array" : "an object");
    }
    return &*it;
  }
  Status Missing(const char* key, const char* what) const {
    return Status::Corruption("{}: \"{}\" is missing or not {}", where_, key, what);
  }

 private:
  const json& object_;
  std::string where_;
};

}  // namespace

int64_t Manifest::TotalRows() const {
  int64_t n = 0;
  for (const TableEntry& t : tables) n += t.rows;
  return n;
}

std::string ManifestToJson(const Manifest& m) {
  nlohmann::ordered_json tables = nlohmann::ordered_json::array();
  for (const TableEntry& t : m.tables) {
    tables.push_back({{"table", t.table}, {"rows", t.rows}, {"fingerprint", t.fingerprint}});
  }
  nlohmann::ordered_json j = {
      {"format", kManifestFormat},
      {"id", m.id},
      {"created_at", m.created_at},
      {"ecomdw_version", m.ecomdw_version},
      {"schema_version", m.schema_version},
      {"source_generation", m.source_generation},
      {"file", {{"name", m.file_name}, {"bytes", m.file_bytes}, {"sha256", m.file_sha256}}},
      {"fingerprint_method", m.fingerprint_method},
      {"tables", tables},
  };
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<Manifest> ParseManifest(std::string_view text, const std::string& where) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("{}: not a JSON object", where);
  Fields f(j, where);
  ECOMDW_ASSIGN_OR_RETURN(int64_t format, f.Count("format"));
  if (format != kManifestFormat) {
    return Status::Corruption("{}: manifest format {}, this ecomdw reads format {}", where, format, kManifestFormat);
  }
  Manifest m;
  ECOMDW_ASSIGN_OR_RETURN(m.id, f.Text("id"));
  if (!IsSnapshotId(m.id)) return Status::Corruption("{}: \"id\" {} is not a snapshot id", where, m.id);
  ECOMDW_ASSIGN_OR_RETURN(m.created_at, f.Text("created_at"));
  ECOMDW_ASSIGN_OR_RETURN(m.ecomdw_version, f.Text("ecomdw_version"));
  ECOMDW_ASSIGN_OR_RETURN(int64_t schema_version, f.Count("schema_version"));
  if (schema_version > 1'000'000) return f.Missing("schema_version", "a schema version");
  m.schema_version = static_cast<int>(schema_version);
  ECOMDW_ASSIGN_OR_RETURN(m.source_generation, f.Text("source_generation"));
  ECOMDW_ASSIGN_OR_RETURN(m.fingerprint_method, f.Text("fingerprint_method"));

  ECOMDW_ASSIGN_OR_RETURN(const json* file, f.Child("file", false));
  Fields ff(*file, where + ": file");
  ECOMDW_ASSIGN_OR_RETURN(m.file_name, ff.Text("name"));
  // Only ever this name: a manifest cannot point restore at another file.
  if (m.file_name != kWarehouseFileName) {
    return Status::Corruption("{}: file name \"{}\", a snapshot holds \"{}\"", where, m.file_name, kWarehouseFileName);
  }
  ECOMDW_ASSIGN_OR_RETURN(m.file_bytes, ff.Count("bytes"));
  ECOMDW_ASSIGN_OR_RETURN(m.file_sha256, ff.Text("sha256"));
  if (!IsLowerHex(m.file_sha256, 64)) return ff.Missing("sha256", "64 lowercase hex digits");

  ECOMDW_ASSIGN_OR_RETURN(const json* tables, f.Child("tables", true));
  for (size_t i = 0; i < tables->size(); ++i) {
    const json& t = (*tables)[i];
    if (!t.is_object()) return Status::Corruption("{}: tables[{}] is not an object", where, i);
    Fields tf(t, fmt::format("{}: tables[{}]", where, i));
    TableEntry e;
    ECOMDW_ASSIGN_OR_RETURN(e.table, tf.Text("table"));
    ECOMDW_ASSIGN_OR_RETURN(e.rows, tf.Count("rows"));
    ECOMDW_ASSIGN_OR_RETURN(e.fingerprint, tf.Text("fingerprint"));
    if (!m.tables.empty() && !(m.tables.back().table < e.table)) {
      return Status::Corruption("{}: tables are not sorted by name, or {} is listed twice", where, e.table);
    }
    m.tables.push_back(std::move(e));
  }
  return m;
}

}  // namespace ecomdw::snapshot
