#include "warehouse/duckdb/duckdb_adapter.h"

#include "common/sql_quote.h"

namespace ecomdw::warehouse {
namespace {

class DuckDbMacros final : public SqlDialect {
 public:
  std::string_view name() const override { return "duckdb"; }
  std::string SurrogateKeyOfText(const std::string& text) const override {
    return "CAST(('0x' || substr(md5(" + text + "), 1, 15)) AS BIGINT)";
  }
  std::string MonthName(const std::string& d) const override { return "strftime(" + d + ", '%B')"; }
  std::string DayName(const std::string& d) const override { return "strftime(" + d + ", '%A')"; }
  std::string MonthStart(const std::string& d) const override {
    return "CAST(date_trunc('month', " + d + ") AS DATE)";
  }
  std::string FormatDate(const std::string& d, const std::vector<DateFormatPart>& format) const override {
    std::string f;
    for (const DateFormatPart& p : format) {
      if (p.field != 0) {
        f += '%';
        f += p.field;
        continue;
      }
      for (char c : p.literal) {
        if (c == '%') f += '%';
        f += c;
      }
    }
    return "strftime(" + d + ", " + QuoteLiteral(f) + ")";
  }
};

}  // namespace

const SqlDialect& DuckDbDialect() {
  static const DuckDbMacros dialect;
  return dialect;
}

Status DuckDbAdapter::ReplaceTableAs(std::string_view schema, std::string_view table, const std::string& select_sql) {
  ECOMDW_ASSIGN_OR_RETURN(std::string target, QuoteQualified(schema, table));
  return Run("CREATE OR REPLACE TABLE " + target + " AS\n" + select_sql + "\n");
}

Status DuckDbAdapter::ReplaceViewAs(std::string_view schema, std::string_view view, const std::string& select_sql) {
  ECOMDW_ASSIGN_OR_RETURN(std::string target, QuoteQualified(schema, view));
  return Run("CREATE OR REPLACE VIEW " + target + " AS\n" + select_sql + "\n");
}

Result<int64_t> DuckDbAdapter::DeleteInsertByKey(std::string_view schema, std::string_view table,
                                                 const std::vector<std::string>& keys, const std::string& select_sql) {
  ECOMDW_ASSIGN_OR_RETURN(std::string target, QuoteQualified(schema, table));
  std::string key_list;
  for (const std::string& k : keys) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(k, "unique_key column"));
    key_list += (key_list.empty() ? "" : ", ") + q;
  }
  if (key_list.empty()) return Status::InvalidArgument("DeleteInsertByKey on {}.{} without key columns", schema, table);
  // Sorted by key: DuckDB's deletes and inserts are much faster on clustered
  // input.
  ECOMDW_TRY(Run("CREATE OR REPLACE TEMP TABLE ecomdw_increment AS SELECT * FROM (\n" + select_sql + "\n) ORDER BY " +
                 key_list));
  ECOMDW_TRY(Run("DELETE FROM " + target + " WHERE (" + key_list + ") IN (SELECT DISTINCT " + key_list +
                 " FROM ecomdw_increment)"));
  ECOMDW_TRY(Run("INSERT INTO " + target + " BY NAME SELECT * FROM ecomdw_increment"));
  ECOMDW_ASSIGN_OR_RETURN(QueryResult n, wh().Query("SELECT count(*) FROM ecomdw_increment"));
  ECOMDW_TRY(Run("DROP TABLE ecomdw_increment"));
  return std::get<int64_t>(n.Scalar());
}

Status DuckDbAdapter::SwapSchemas(std::string_view a, std::string_view b) {
  return Status::InvalidArgument("DuckDB cannot rename schemas ({} and {}); a file target publishes by generations",
                                a, b);
}

Result<TableFingerprint> DuckDbAdapter::FingerprintTable(std::string_view schema, std::string_view table) {
  ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteQualified(schema, table));
  ECOMDW_ASSIGN_OR_RETURN(
      QueryResult r, wh().Query("SELECT count(*), CAST(coalesce(sum(hash(ecomdw_row)), 0) AS VARCHAR) FROM " + t +
                                " AS ecomdw_row"));
  if (r.rows.size() != 1) return Status::Internal("fingerprint of {}: no result row", t);
  return TableFingerprint{std::get<int64_t>(r.rows[0][0]), std::get<std::string>(r.rows[0][1])};
}

Result<std::string> DuckDbAdapter::FingerprintMethod() {
  ECOMDW_ASSIGN_OR_RETURN(QueryResult r, wh().Query("SELECT CAST(library_version AS VARCHAR) FROM pragma_version()"));
  return "duckdb " + std::get<std::string>(r.Scalar()) + " sum(hash(row))";
}

Status DuckDbAdapter::Checkpoint() { return Run("CHECKPOINT"); }

Result<DatabaseSize> DuckDbAdapter::Size() {
  DatabaseSize s;
  ECOMDW_ASSIGN_OR_RETURN(
      QueryResult size,
      wh().Query("SELECT total_blocks, free_blocks, current_database(), CAST(block_size AS BIGINT) * total_blocks "
                 "FROM pragma_database_size() WHERE database_name = current_database()"));
  if (size.rows.empty()) return Status::Internal("pragma_database_size() has no row for the current database");
  s.total_blocks = std::get<int64_t>(size.rows[0][0]);
  s.free_blocks = std::get<int64_t>(size.rows[0][1]);
  s.catalog = std::get<std::string>(size.rows[0][2]);
  if (const auto* bytes = std::get_if<int64_t>(&size.rows[0][3])) s.bytes = *bytes;
  // The blocks the tables' data is in, in one statement over every table.
  ECOMDW_ASSIGN_OR_RETURN(
      QueryResult tables,
      wh().Query("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
                 "ORDER BY 1, 2"));
  std::string sql;
  for (const Row& row : tables.rows) {
    ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteQualified(std::get<std::string>(row[0]), std::get<std::string>(row[1])));
    sql += (sql.empty() ? "" : " UNION ALL ") +
           ("SELECT block_id FROM pragma_storage_info(" + QuoteLiteral(t) + ") WHERE persistent");
  }
  if (sql.empty()) return s;
  ECOMDW_ASSIGN_OR_RETURN(QueryResult live, wh().Query("SELECT count(DISTINCT block_id) FROM (" + sql + ")"));
  s.live_blocks = std::get<int64_t>(live.Scalar());
  return s;
}

Status DuckDbAdapter::CopyDatabaseInto(const std::string& catalog, const std::filesystem::path& into) {
  // The catalog is DuckDB's name for the open file; it is quoted as an
  // identifier after the same check every identifier gets.
  ECOMDW_TRY(Run("ATTACH " + QuoteLiteral(into.string()) + " AS ecomdw_compact"));
  Status copied = Status::OK();
  if (IsSafeIdentifier(catalog) || catalog.find('"') == std::string::npos) {
    copied = Run("COPY FROM DATABASE \"" + catalog + "\" TO ecomdw_compact");
  } else {
    copied = Status::InvalidArgument("database name {} cannot be quoted", catalog);
  }
  Status detached = Run("DETACH ecomdw_compact");
  ECOMDW_TRY(copied);
  return detached;
}

}  // namespace ecomdw::warehouse
