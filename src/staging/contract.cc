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
  for (const ContractColumn& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Status EnsureLoaderOpsTables(warehouse::Warehouse& wh) {
  return wh.Execute(
      "CREATE SCHEMA IF NOT EXISTS ops; CREATE SCHEMA IF NOT EXISTS staging; CREATE SCHEMA IF NOT EXISTS quarantine;"
      "CREATE SCHEMA IF NOT EXISTS staging_work;"
      "CREATE TABLE IF NOT EXISTS ops.reconciliation (batch_id VARCHAR, source VARCHAR, objects BIGINT, "
      "raw_records BIGINT, staged_records BIGINT, quarantined_records BIGINT, duplicate_records BIGINT, "
      "balanced BOOLEAN, loaded_at TIMESTAMP);"
      "CREATE TABLE IF NOT EXISTS ops.quarantine_summary (batch_id VARCHAR, source VARCHAR, reason VARCHAR, "
      "records BIGINT);"
      "CREATE TABLE IF NOT EXISTS ops.schema_changes (batch_id VARCHAR, source VARCHAR, object_key VARCHAR, "
      "change VARCHAR, column_name VARCHAR, new_name VARCHAR, detail VARCHAR, policy VARCHAR, action VARCHAR, "
      "detected_at TIMESTAMP);"
      "CREATE TABLE IF NOT EXISTS staging_work.raw_lines (object_key VARCHAR, dt DATE, line BIGINT, raw VARCHAR);"
      "CREATE TABLE IF NOT EXISTS staging_work.objects (object_key VARCHAR, local_path VARCHAR, dt DATE, "
      "size BIGINT, grp INTEGER, quarantined BOOLEAN);");
}

Status EnsureSourceTables(warehouse::Warehouse& wh, const config::Source& source) {
  ECOMDW_ASSIGN_OR_RETURN(std::string staging, QuoteQualified("staging", source.name));
  ECOMDW_ASSIGN_OR_RETURN(std::string quarantine, QuoteQualified("quarantine", source.name));
  std::string cols;
  for (const auto* list : {&source.columns, &source.explode_columns}) {
    for (const auto& [name, type] : *list) {
      ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(name, "column"));
      cols += q + " " + type + ", ";
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
  for (const auto& [name, type] : source.columns) c.columns.push_back({name, type, false, required(name), false});
  for (const auto& [name, type] : source.explode_columns) {
    c.columns.push_back({name, type, true, required(name), false});
  }
  ECOMDW_ASSIGN_OR_RETURN(
      warehouse::QueryResult existing,
      wh.Query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'staging' "
               "AND table_name = $1 ORDER BY ordinal_position",
               {source.name}));
  for (const auto& row : existing.rows) {
    const std::string& name = std::get<std::string>(row[0]);
    if (name.rfind("_", 0) == 0 || c.Find(name)) continue;
    c.columns.push_back({name, std::get<std::string>(row[1]), false, false, true});
  }
  c.identity = source.business_key;
  if (!source.updated_at.empty()) c.identity.push_back(source.updated_at);
  if (c.identity.empty()) {
    return Status::InvalidArgument("source {}: a business_key is needed to detect duplicates", source.name);
  }
  return c;
}

}  // namespace ecomdw::staging
