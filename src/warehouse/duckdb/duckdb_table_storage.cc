// DuckDB has no per-table size: pragma_storage_info lists each column
// segment with the block it is in (large segments spill into
// additional_block_ids); the distinct persistent blocks times the block
// size bound the table's bytes from above.
#include "common/sql_quote.h"
#include "warehouse/table_storage.h"

namespace ecomdw::warehouse {

Result<int64_t> DuckDbTableStorageBytes(Warehouse& wh, std::string_view schema, std::string_view table) {
  ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteQualified(schema, table));
  const std::string info = "pragma_storage_info(" + QuoteLiteral(t) + ")";
  ECOMDW_ASSIGN_OR_RETURN(
      QueryResult r,
      wh.Query("WITH b AS (SELECT block_id FROM " + info + " WHERE persistent AND block_id >= 0 "
               "UNION SELECT unnest(additional_block_ids) FROM " + info + " WHERE persistent) "
               "SELECT CAST(count(DISTINCT b.block_id) * any_value(d.block_size) AS BIGINT) FROM b, "
               "pragma_database_size() AS d WHERE d.database_name = current_database()"));
  const Value& v = r.Scalar();
  return IsNull(v) ? 0 : std::get<int64_t>(v);
}

}  // namespace ecomdw::warehouse
