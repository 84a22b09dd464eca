// Typing and contract rules, the same for every format: from the text
// records in staging_work.parsed to staging_work.classified, where each row
// has its typed columns and, if it breaks the contract, a reason and a
// message naming the field.
//
// Reasons, first match wins: missing_required, bad_type, then the source's
// rules in ecomdw.toml order. Rules are SQL over the typed row, which is
// visible as `row_` for correlated lookups. A rule failure leaves `message`
// NULL; the loader words it from the rule.
#pragma once

#include <string>

#include "common/result.h"
#include "staging/contract.h"

namespace ecomdw::staging {

Result<std::string> ClassifySql(const EffectiveContract& contract);

}  // namespace ecomdw::staging
