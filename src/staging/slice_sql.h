// The SQL half of loading a slice of objects: the typed rows are in
// temp.stg_typed (_obj, _line, _elem, then one column per contract
// column, typed, named as in staging.<source>), and three statements finish
// the job, each one pass over the slice:
//
//   rules    temp.stg_rule_failed (_obj, _line, reason): records of
//            which some row breaks a contract rule ([[rules]] fails_when, SQL
//            over the typed row, visible as `row_`); first rule in
//            ecomdw.toml order, of the record's first failing row.
//   verdict  temp.stg_verdict (_obj, _line, verdict, ref_key, ref_line)
//            for the other records that are not staged (docs/staging.md,
//            "Duplicates"): `duplicate` = same identity and same content (a
//            hash of the typed values of all its rows) as a staged record
//            or an earlier one of the slice; `conflict` = same identity,
//            different content; ref_* name the record it collides with.
//   insert   every other record's rows into staging.<source>.
//
// temp.stg_objects (_obj, object_key, local_path, dt) names the objects.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "staging/contract.h"
#include "warehouse/warehouse.h"

namespace ecomdw::staging {

// CREATE OR REPLACE temp.stg_typed for the contract's columns.
Result<std::string> CreateTypedSql(const EffectiveContract& contract);

// Empty when the source has no rules.
Result<std::string> RulesSql(const EffectiveContract& contract);
Result<std::string> VerdictSql(const EffectiveContract& contract, bool have_rules);
Result<std::string> InsertSql(const EffectiveContract& contract, bool have_rules);

// The records the three statements kept out of staging, and why.
struct SliceRejection {
  int32_t obj = 0;
  int64_t line = 0;
  std::string kind;     // a rule's reason, or duplicate | conflict
  std::string ref_key;  // conflict: the other record's object and line
  int64_t ref_line = 0;
};

// The quarantine message of a conflicting duplicate, naming both records.
std::string ConflictMessage(const EffectiveContract& contract, const std::string& ref_key, int64_t ref_line,
                            const std::string& key, int64_t line);

// Runs rules, verdict and insert for the slice in temp.stg_typed and
// returns what was kept out. `batch_id` is bound.
Result<std::vector<SliceRejection>> FinishSlice(warehouse::Warehouse& wh, const EffectiveContract& contract,
                                                const std::string& batch_id);

}  // namespace ecomdw::staging
