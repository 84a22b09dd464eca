// Compiling one [[check]] table of a check file into the SQL that returns its
// failing rows. One builder per check type, grouped by kind in
// sql_column_checks.cc, sql_table_checks.cc, sql_reconciliation.cc and
// sql_volume_anomaly.cc. Internal to src/quality.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "config/toml_reader.h"
#include "quality/checks.h"

namespace ecomdw::quality::internal {

// What every builder knows about the check it compiles.
struct CheckContext {
  std::string schema;
  std::string table;
  std::string table_sql;  // "schema"."table", quoted
  std::string where;      // the check's `where` filter, or empty
};

// Reads the type's own keys from `r` (so Finish() can report unknown ones)
// and returns the SELECT of failing rows. Sets `*default_name` to the short
// name used when the check gives none, e.g. "not_null_order_id".
// InvalidArgument naming file:line:key for a missing or ill-typed key or an
// unsafe identifier.
using Builder = Result<std::string> (*)(config::TableReader& r, const CheckContext& ctx, std::string* default_name);

Result<std::string> BuildNotNull(config::TableReader& r, const CheckContext& ctx, std::string* default_name);
Result<std::string> BuildUnique(config::TableReader& r, const CheckContext& ctx, std::string* default_name);
Result<std::string> BuildRelationships(config::TableReader& r, const CheckContext& ctx, std::string* default_name);
Result<std::string> BuildAcceptedValues(config::TableReader& r, const CheckContext& ctx, std::string* default_name);
Result<std::string> BuildRange(config::TableReader& r, const CheckContext& ctx, std::string* default_name);
Result<std::string> BuildExpression(config::TableReader& r, const CheckContext& ctx, std::string* default_name);
Result<std::string> BuildRowCount(config::TableReader& r, const CheckContext& ctx, std::string* default_name);
Result<std::string> BuildFreshness(config::TableReader& r, const CheckContext& ctx, std::string* default_name);
Result<std::string> BuildReconciliation(config::TableReader& r, const CheckContext& ctx, std::string* default_name);
Result<std::string> BuildVolumeAnomaly(config::TableReader& r, const CheckContext& ctx, std::string* default_name);
Result<std::string> BuildQuarantineRate(config::TableReader& r, const CheckContext& ctx, std::string* default_name);

// The builder of `type`.
Builder BuilderFor(CheckType type);

// The keys a check of `type` takes besides the common ones (type, severity,
// name, description, where), so a typo is reported before anything else.
const std::vector<std::string>& KeysOf(CheckType type);

// "WHERE (<where>)" / " AND (<where>)" fragments; empty without a filter.
std::string WhereClause(const CheckContext& ctx);
std::string AndWhere(const CheckContext& ctx);

}  // namespace ecomdw::quality::internal
