#include "common/sql_quote.h"
#include "warehouse/table_storage.h"

namespace ecomdw::warehouse {

Result<int64_t> PostgresTableStorageBytes(Warehouse& wh, std::string_view schema, std::string_view table) {
  ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteQualified(schema, table));
  ECOMDW_ASSIGN_OR_RETURN(QueryResult r,
                          wh.Query("SELECT CAST(pg_total_relation_size(CAST($1 AS regclass)) AS BIGINT)", {t}));
  return std::get<int64_t>(r.Scalar());
}

}  // namespace ecomdw::warehouse
