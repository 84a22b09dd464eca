// The language of a contract rule's `fails_when`: one SQL boolean
// expression over one record, checked at config load.
//
// A rule is SQL by design (docs/staging.md), so it cannot be bound as a
// value. Instead it is parsed here against a small grammar, and the SQL that
// reaches the engine is re-written from the parsed tokens (identifiers
// as written, literals re-quoted, types in the type grammar's spelling), never
// the user's text. What the grammar allows:
//
//   - column references: `name` or `alias.name` (unquoted identifiers);
//   - literals: 'strings' ('' for a quote), numbers, TRUE, FALSE, NULL,
//     DATE '…', TIMESTAMP '…', INTERVAL '…';
//   - operators = <> != < <= > >= + - * / % ||, AND, OR, NOT, IS [NOT] NULL |
//     TRUE | FALSE | DISTINCT FROM, [NOT] IN (list), [NOT] BETWEEN … AND …,
//     [NOT] LIKE | ILIKE … [ESCAPE …], CASE … END, parentheses;
//   - CAST(x AS type), TRY_CAST(x AS type) and x::type, with a type from
//     common/sql_type.h;
//   - calls of the side-effect-free scalar functions in AllowedRuleFunctions();
//   - [NOT] EXISTS (SELECT … FROM staging.<source> [[AS] alias] [WHERE …]),
//     the one subquery: a lookup in another source's staged rows.
//
// Everything else is refused with the offending token and its position:
// statement separators, comments, quoted identifiers, parameters, any other
// subquery or FROM (so no table functions: read_csv, read_text, glob, query,
// …), functions not on the list (aggregates, non-deterministic ones such as
// now() or random()), and expressions nested deeper than 64 levels or longer
// than 4,000 bytes.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace ecomdw::config {

struct RuleExpression {
  std::string sql;                  // the canonical re-written expression
  std::vector<std::string> tables;  // staging tables looked up by EXISTS
};

// Parses `text`. InvalidArgument "fails_when: <what> at byte N" otherwise
// (the caller adds file:line:key).
Result<RuleExpression> ParseRuleExpression(std::string_view text);

// The scalar functions a rule may call (lower case).
const std::set<std::string>& AllowedRuleFunctions();

}  // namespace ecomdw::config
