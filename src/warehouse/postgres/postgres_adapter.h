// The PostgreSQL engine adapter and macro dialect. The connection itself
// (libpq, COPY, cancel) is postgres_warehouse.h's; this file only says how
// ecomdw's typed calls and model macros are spelled in PostgreSQL 15.
#pragma once

#include "warehouse/engine_adapter.h"

namespace ecomdw::warehouse {

const SqlDialect& PostgresDialect();

class PostgresAdapter final : public EngineAdapter {
 public:
  using EngineAdapter::EngineAdapter;
  const SqlDialect& dialect() const override { return PostgresDialect(); }

  // DROP TABLE IF EXISTS + CREATE TABLE AS (PostgreSQL has no CREATE OR
  // REPLACE TABLE); atomic inside the caller's transaction (DDL is).
  Status ReplaceTableAs(std::string_view schema, std::string_view table, const std::string& select_sql) override;
  Status ReplaceViewAs(std::string_view schema, std::string_view view, const std::string& select_sql) override;
  Result<int64_t> DeleteInsertByKey(std::string_view schema, std::string_view table,
                                    const std::vector<std::string>& keys, const std::string& select_sql) override;
  // ALTER SCHEMA … RENAME, three of them in one transaction.
  Status SwapSchemas(std::string_view a, std::string_view b) override;
  // PostgreSQL has no hash of a whole row: the first 64 bits of the MD5 of
  // the row's text form, as a signed integer, summed as NUMERIC.
  Result<TableFingerprint> FingerprintTable(std::string_view schema, std::string_view table) override;
  Result<std::string> FingerprintMethod() override;
  Status Checkpoint() override { return Status::OK(); }  // the server owns durability
  Result<DatabaseSize> Size() override;                   // pg_database_size
};

}  // namespace ecomdw::warehouse
