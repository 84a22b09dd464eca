#include "staging/contract.h"

#include <algorithm>

#include "common/sql_quote.h"

namespace ecomdw::staging {

std::vector<std::string> EffectiveContract::TopLevelNames() const {
  std::vector<std::string> out;
  for (const ContractColumn& c : columns) {
    if (!c.element) out.push_back(c.name);
  }
  return out;
}

const ContractColumn* EffectiveContract::Find(const std::string& name) const {
  int i = IndexOf(name);
  return i < 0 ? nullptr : &columns[static_cast<size_t>(i)];
}

int EffectiveContract::IndexOf(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string EffectiveContract::ColumnForRawName(const std::string& raw) const {
  auto it = source->raw_names.find(raw);
  if (it != source->raw_names.end()) return it->second;
  return Find(raw) ? raw : std::string();
}

Status EnsureLoaderOpsTables(warehouse::Warehouse& wh) {
  return wh.Execute(
      "CREATE SCHEMA IF NOT EXISTS ops; CREATE SCHEMA IF NOT EXISTS staging; CREATE SCHEMA IF NOT EXISTS quarantine;"
      "CREATE TABLE IF NOT EXISTS ops.reconciliation (batch_id VARCHAR, source VARCHAR, objects BIGINT, "
      "raw_records BIGINT, staged_records BIGINT, quarantined_records BIGINT, duplicate_records BIGINT, "
      "balanced BOOLEAN, loaded_at TIMESTAMP);"
      // Counted apart (each is also part of quarantined_records, or, for
      // replaced_records, of an earlier batch's staged_records).
      "ALTER TABLE ops.reconciliation ADD COLUMN IF NOT EXISTS conflicting_records BIGINT;"
      "ALTER TABLE ops.reconciliation ADD COLUMN IF NOT EXISTS unreadable_objects BIGINT;"
      "ALTER TABLE ops.reconciliation ADD COLUMN IF NOT EXISTS replaced_records BIGINT;"
      "CREATE TABLE IF NOT EXISTS ops.quarantine_summary (batch_id VARCHAR, source VARCHAR, reason VARCHAR, "
      "records BIGINT);"
      "CREATE TABLE IF NOT EXISTS ops.schema_changes (batch_id VARCHAR, source VARCHAR, object_key VARCHAR, "
      "change VARCHAR, column_name VARCHAR, new_name VARCHAR, detail VARCHAR, policy VARCHAR, action VARCHAR, "
      "detected_at TIMESTAMP);");
}

Status EnsureSourceTables(warehouse::Warehouse& wh, const config::Source& source) {
  ECOMDW_ASSIGN_OR_RETURN(std::string staging, QuoteQualified("staging", source.name));
  ECOMDW_ASSIGN_OR_RETURN(std::string quarantine, QuoteQualified("quarantine", source.name));
  std::string cols;
  for (const auto* list : {&source.columns, &source.explode_columns}) {
    for (const auto& [name, type] : *list) {
      ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(name, "column"));
      ECOMDW_ASSIGN_OR_RETURN(SqlType t, ParseSqlType(type));
      cols += q + " " + t.ToSql() + ", ";
    }
  }
  return wh.Execute("CREATE TABLE IF NOT EXISTS " + staging + " (" + cols +
                    "_batch_id VARCHAR, _object_key VARCHAR, _line BIGINT, _dt DATE);"
                    "CREATE TABLE IF NOT EXISTS " +
                    quarantine +
                    " (_batch_id VARCHAR, _object_key VARCHAR, _line BIGINT, reason VARCHAR, message VARCHAR, "
                    "raw VARCHAR);");
}

Result<EffectiveContract> LoadEffectiveContract(warehouse::Warehouse& wh, const config::Source& source) {
  EffectiveContract c;
  c.source = &source;
  auto required = [&](const std::string& n) {
    return std::find(source.required.begin(), source.required.end(), n) != source.required.end();
  };
  auto add = [&](const std::string& name, const std::string& type, bool element, bool evolved) -> Status {
    Result<SqlType> t = ParseSqlType(type);
    if (!t.ok()) return t.status().WithContext(fmt::format("source {} column {}", source.name, name));
    c.columns.push_back({name, t->ToSql(), *t, element, !evolved && required(name), evolved});
    return Status::OK();
  };
  for (const auto& [name, type] : source.columns) ECOMDW_TRY(add(name, type, false, false));
  for (const auto& [name, type] : source.explode_columns) ECOMDW_TRY(add(name, type, true, false));
  ECOMDW_ASSIGN_OR_RETURN(
      warehouse::QueryResult existing,
      wh.Query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'staging' "
               "AND table_name = $1 ORDER BY ordinal_position",
               {source.name}));
  for (const auto& row : existing.rows) {
    const std::string& name = std::get<std::string>(row[0]);
    if (name.rfind("_", 0) == 0 || c.Find(name)) continue;
    ECOMDW_TRY(add(name, std::get<std::string>(row[1]), false, true));
  }
  c.identity = source.business_key;
  if (!source.updated_at.empty()) c.identity.push_back(source.updated_at);
  if (c.identity.empty()) {
    return Status::InvalidArgument("source {}: a business_key is needed to detect duplicates", source.name);
  }
  for (const std::string& k : c.identity) {
    const ContractColumn* col = c.Find(k);
    if (!col) return Status::InvalidArgument("source {}: identity column {} is not a column", source.name, k);
    if (col->element) {
      return Status::InvalidArgument(
          "source {}: identity column {} is an element column; business_key and updated_at must be top-level",
          source.name, k);
    }
  }
  return c;
}

}  // namespace ecomdw::staging
