// Names of check types, severities and statuses, and the builder per type.
#include "quality/check_sql.h"
#include "quality/checks.h"

namespace ecomdw::quality {

std::string_view CheckTypeName(CheckType t) {
  switch (t) {
    case CheckType::kNotNull: return "not_null";
    case CheckType::kUnique: return "unique";
    case CheckType::kRelationships: return "relationships";
    case CheckType::kAcceptedValues: return "accepted_values";
    case CheckType::kRange: return "range";
    case CheckType::kExpression: return "expression";
    case CheckType::kRowCount: return "row_count";
    case CheckType::kFreshness: return "freshness";
    case CheckType::kReconciliation: return "reconciliation";
    case CheckType::kVolumeAnomaly: return "volume_anomaly";
    case CheckType::kQuarantineRate: return "quarantine_rate";
  }
  return "?";
}

std::string_view SeverityName(Severity s) { return s == Severity::kError ? "error" : "warn"; }

std::string_view CheckStatusName(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass: return "pass";
    case CheckStatus::kWarn: return "warn";
    case CheckStatus::kFail: return "fail";
    case CheckStatus::kError: return "error";
  }
  return "?";
}

std::string Check::short_name() const {
  const std::string prefix = table_name() + ".";
  return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

bool CheckRunSummary::HasErrorFailures() const {
  for (const CheckResult& r : results) {
    if (r.check.severity == Severity::kError && (r.status == CheckStatus::kFail || r.status == CheckStatus::kError)) {
      return true;
    }
  }
  return false;
}

namespace internal {

Builder BuilderFor(CheckType type) {
  switch (type) {
    case CheckType::kNotNull: return BuildNotNull;
    case CheckType::kUnique: return BuildUnique;
    case CheckType::kRelationships: return BuildRelationships;
    case CheckType::kAcceptedValues: return BuildAcceptedValues;
    case CheckType::kRange: return BuildRange;
    case CheckType::kExpression: return BuildExpression;
    case CheckType::kRowCount: return BuildRowCount;
    case CheckType::kFreshness: return BuildFreshness;
    case CheckType::kReconciliation: return BuildReconciliation;
    case CheckType::kVolumeAnomaly: return BuildVolumeAnomaly;
    case CheckType::kQuarantineRate: return BuildQuarantineRate;
  }
  return nullptr;
}

const std::vector<std::string>& KeysOf(CheckType type) {
  static const std::vector<std::string> kColumns = {"column", "columns"};
  static const std::vector<std::string> kRelationships = {"column", "columns", "to", "fields", "to_where"};
  static const std::vector<std::string> kAccepted = {"column", "values"};
  static const std::vector<std::string> kRange = {"column", "min", "max"};
  static const std::vector<std::string> kExpression = {"expression"};
  static const std::vector<std::string> kRowCount = {"min", "max"};
  static const std::vector<std::string> kFreshness = {"column", "max_lag_days", "against", "reference"};
  static const std::vector<std::string> kReconciliation = {"left", "right", "keys", "measure", "tolerance"};
  static const std::vector<std::string> kVolume = {"column",    "measure",   "seasonality", "history",
                                                   "min_history", "max_z",   "min_change_percent", "direction",
                                                   "last_days", "skip_when", "poisson_floor", "by", "transform"};
  static const std::vector<std::string> kQuarantine = {"max_percent", "min_records"};
  switch (type) {
    case CheckType::kNotNull:
    case CheckType::kUnique: return kColumns;
    case CheckType::kRelationships: return kRelationships;
    case CheckType::kAcceptedValues: return kAccepted;
    case CheckType::kRange: return kRange;
    case CheckType::kExpression: return kExpression;
    case CheckType::kRowCount: return kRowCount;
    case CheckType::kFreshness: return kFreshness;
    case CheckType::kReconciliation: return kReconciliation;
    case CheckType::kVolumeAnomaly: return kVolume;
    case CheckType::kQuarantineRate: return kQuarantine;
  }
  return kColumns;
}

}  // namespace internal
}  // namespace ecomdw::quality
