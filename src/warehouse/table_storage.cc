#include "warehouse/table_storage.h"

#include <memory>

#include "warehouse/engine_adapter.h"

namespace ecomdw::warehouse {

Result<int64_t> TableStorageBytes(Warehouse& wh, std::string_view schema, std::string_view table) {
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<EngineAdapter> db, AdapterFor(wh));
  ECOMDW_ASSIGN_OR_RETURN(bool exists, db->TableExists(schema, table));
  if (!exists) return Status::NotFound("no table {}.{}", schema, table);
  if (wh.dialect() == "duckdb") return DuckDbTableStorageBytes(wh, schema, table);
  if (wh.dialect() == "postgres") return PostgresTableStorageBytes(wh, schema, table);
  return Status::InvalidArgument("no table storage size for engine {}", wh.dialect());
}

}  // namespace ecomdw::warehouse
