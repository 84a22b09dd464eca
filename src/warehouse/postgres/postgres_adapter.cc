#include "warehouse/postgres/postgres_adapter.h"

#include "common/sql_quote.h"

namespace ecomdw::warehouse {
namespace {

class PostgresMacros final : public SqlDialect {
 public:
  std::string_view name() const override { return "postgres"; }
  // 'x0' + 15 hex digits is a 64-bit string whose top 4 bits are 0: the
  // same non-negative 60-bit integer DuckDB makes of '0x' + 15 digits.
  std::string SurrogateKeyOfText(const std::string& text) const override {
    return "CAST(CAST(('x0' || substr(md5(" + text + "), 1, 15)) AS BIT(64)) AS BIGINT)";
  }
  // FM: no padding to the longest name. Without the TM prefix to_char's
  // names are English whatever lc_time says.
  std::string MonthName(const std::string& d) const override { return "to_char(" + d + ", 'FMMonth')"; }
  std::string DayName(const std::string& d) const override { return "to_char(" + d + ", 'FMDay')"; }
  // date_trunc of a DATE would pick the timestamptz overload (time zone
  // dependent); through TIMESTAMP it is not.
  std::string MonthStart(const std::string& d) const override {
    return "CAST(date_trunc('month', CAST(" + d + " AS TIMESTAMP)) AS DATE)";
  }
  std::string FormatDate(const std::string& d, const std::vector<DateFormatPart>& format) const override {
    std::string f;
    for (const DateFormatPart& p : format) {
      switch (p.field) {
        case 'Y': f += "YYYY"; break;
        case 'm': f += "MM"; break;
        case 'd': f += "DD"; break;
        case 'H': f += "HH24"; break;
        case 'M': f += "MI"; break;
        case 'S': f += "SS"; break;
        case 'B': f += "FMMonth"; break;
        case 'A': f += "FMDay"; break;
        default: {
          // Literal text is double-quoted in to_char; \ and " escaped.
          f += '"';
          for (char c : p.literal) {
            if (c == '"' || c == '\\') f += '\\';
            f += c;
          }
          f += '"';
        }
      }
    }
    return "to_char(" + d + ", " + QuoteLiteral(f) + ")";
  }
};

}  // namespace

const SqlDialect& PostgresDialect() {
  static const PostgresMacros dialect;
  return dialect;
}

Status PostgresAdapter::ReplaceTableAs(std::string_view schema, std::string_view table, const std::string& select_sql) {
  ECOMDW_ASSIGN_OR_RETURN(std::string target, QuoteQualified(schema, table));
  ECOMDW_TRY(Run("DROP TABLE IF EXISTS " + target));
  return Run("CREATE TABLE " + target + " AS\n" + select_sql + "\n");
}

Status PostgresAdapter::ReplaceViewAs(std::string_view schema, std::string_view view, const std::string& select_sql) {
  // CREATE OR REPLACE VIEW refuses a changed column list; drop and create.
  ECOMDW_ASSIGN_OR_RETURN(std::string target, QuoteQualified(schema, view));
  ECOMDW_TRY(Run("DROP VIEW IF EXISTS " + target));
  return Run("CREATE VIEW " + target + " AS\n" + select_sql + "\n");
}

Result<int64_t> PostgresAdapter::DeleteInsertByKey(std::string_view schema, std::string_view table,
                                                   const std::vector<std::string>& keys,
                                                   const std::string& select_sql) {
  ECOMDW_ASSIGN_OR_RETURN(std::string target, QuoteQualified(schema, table));
  std::string key_list;
  for (const std::string& k : keys) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(k, "unique_key column"));
    key_list += (key_list.empty() ? "" : ", ") + q;
  }
  if (key_list.empty()) return Status::InvalidArgument("DeleteInsertByKey on {}.{} without key columns", schema, table);
  ECOMDW_TRY(Run("DROP TABLE IF EXISTS pg_temp.ecomdw_increment"));
  ECOMDW_TRY(Run("CREATE TEMP TABLE ecomdw_increment AS\n" + select_sql + "\n"));
  ECOMDW_ASSIGN_OR_RETURN(QueryResult shape, wh().Query("SELECT * FROM pg_temp.ecomdw_increment LIMIT 0"));
  std::string cols;
  for (const std::string& c : shape.column_names) {
    ECOMDW_ASSIGN_OR_RETURN(std::string q, QuoteIdentifier(c, "model column"));
    cols += (cols.empty() ? "" : ", ") + q;
  }
  ECOMDW_TRY(Run("DELETE FROM " + target + " WHERE (" + key_list + ") IN (SELECT " + key_list +
                 " FROM pg_temp.ecomdw_increment)"));
  ECOMDW_TRY(Run("INSERT INTO " + target + " (" + cols + ") SELECT " + cols + " FROM pg_temp.ecomdw_increment"));
  ECOMDW_ASSIGN_OR_RETURN(QueryResult n, wh().Query("SELECT count(*) FROM pg_temp.ecomdw_increment"));
  ECOMDW_TRY(Run("DROP TABLE pg_temp.ecomdw_increment"));
  return std::get<int64_t>(n.Scalar());
}

Status PostgresAdapter::SwapSchemas(std::string_view a, std::string_view b) {
  ECOMDW_ASSIGN_OR_RETURN(std::string qa, QuoteIdentifier(a, "schema"));
  ECOMDW_ASSIGN_OR_RETURN(std::string qb, QuoteIdentifier(b, "schema"));
  ECOMDW_TRY(wh().Begin());
  Status s = [&]() -> Status {
    ECOMDW_ASSIGN_OR_RETURN(QueryResult r, wh().Query("SELECT count(*) FROM information_schema.schemata "
                                                      "WHERE schema_name = $1",
                                                      {std::string(b)}));
    if (std::get<int64_t>(r.Scalar()) == 0) return Run("ALTER SCHEMA " + qa + " RENAME TO " + qb);
    ECOMDW_TRY(Run("ALTER SCHEMA " + qa + " RENAME TO ecomdw_swap"));
    ECOMDW_TRY(Run("ALTER SCHEMA " + qb + " RENAME TO " + qa));
    return Run("ALTER SCHEMA ecomdw_swap RENAME TO " + qb);
  }();
  if (!s.ok()) {
    (void)wh().Rollback();  // `s` is the failure to report
    return s;
  }
  return wh().Commit();
}

Result<TableFingerprint> PostgresAdapter::FingerprintTable(std::string_view schema, std::string_view table) {
  ECOMDW_ASSIGN_OR_RETURN(std::string t, QuoteQualified(schema, table));
  ECOMDW_ASSIGN_OR_RETURN(
      QueryResult r,
      wh().Query("SELECT count(*), CAST(coalesce(sum(CAST(CAST(CAST(('x' || left(md5(CAST(ecomdw_row AS TEXT)), 16)) "
                 "AS BIT(64)) AS BIGINT) AS NUMERIC)), 0) AS TEXT) FROM " + t + " AS ecomdw_row"));
  if (r.rows.size() != 1) return Status::Internal("fingerprint of {}: no result row", t);
  return TableFingerprint{std::get<int64_t>(r.rows[0][0]), std::get<std::string>(r.rows[0][1])};
}

Result<std::string> PostgresAdapter::FingerprintMethod() {
  ECOMDW_ASSIGN_OR_RETURN(QueryResult r, wh().Query("SELECT CAST(current_setting('server_version') AS VARCHAR)"));
  return "postgres " + std::get<std::string>(r.Scalar()) + " sum(md5(row::text)[64 bits])";
}

Result<DatabaseSize> PostgresAdapter::Size() {
  ECOMDW_ASSIGN_OR_RETURN(QueryResult r,
                          wh().Query("SELECT pg_database_size(current_database()), CAST(current_database() AS VARCHAR)"));
  DatabaseSize s;
  s.bytes = std::get<int64_t>(r.rows.at(0).at(0));
  s.catalog = std::get<std::string>(r.rows.at(0).at(1));
  return s;
}

}  // namespace ecomdw::warehouse
