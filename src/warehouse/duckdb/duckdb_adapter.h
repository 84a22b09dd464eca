// The DuckDB engine adapter and macro dialect: every DuckDB-only statement
// ecomdw runs outside the local parsing engine (src/staging/) is here.
#pragma once

#include <filesystem>

#include "warehouse/engine_adapter.h"

namespace ecomdw::warehouse {

const SqlDialect& DuckDbDialect();

class DuckDbAdapter final : public EngineAdapter {
 public:
  using EngineAdapter::EngineAdapter;
  const SqlDialect& dialect() const override { return DuckDbDialect(); }

  Status ReplaceTableAs(std::string_view schema, std::string_view table, const std::string& select_sql) override;
  Status ReplaceViewAs(std::string_view schema, std::string_view view, const std::string& select_sql) override;
  Result<int64_t> DeleteInsertByKey(std::string_view schema, std::string_view table,
                                    const std::vector<std::string>& keys, const std::string& select_sql) override;
  // DuckDB cannot rename a schema: InvalidArgument (file targets publish by
  // generations, docs/spine.md).
  Status SwapSchemas(std::string_view a, std::string_view b) override;
  // sum(hash(row)) as HUGEINT: DuckDB's hash of the whole row (a struct
  // of every column); it is DuckDB's own and may change between versions.
  Result<TableFingerprint> FingerprintTable(std::string_view schema, std::string_view table) override;
  Result<std::string> FingerprintMethod() override;
  Status Checkpoint() override;
  // Blocks of the file (pragma_database_size) and the blocks persistent
  // table data is in (pragma_storage_info over every table).
  Result<DatabaseSize> Size() override;

  // File targets only: rewrites the open database `catalog` (Size().catalog)
  // into the new file `into` (ATTACH + COPY FROM DATABASE + DETACH): every
  // schema, table, view and macro, without dead space.
  Status CopyDatabaseInto(const std::string& catalog, const std::filesystem::path& into);
};

}  // namespace ecomdw::warehouse
