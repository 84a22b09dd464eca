// Writes a query result in one of the formats of `ecomdw query`:
//   text      aligned columns under a rule; NULL as NULL; at most `max_text_rows` rows
//   csv       RFC 4180: header, comma, CRLF-free "\n" records, quotes doubled; NULL empty
//   json      one array of objects ("[]" when empty), one object a line
//   jsonl     one object a line (nothing when empty)
//   markdown  a GitHub table; | escaped, newlines as <br>; NULL empty
// Columns in result order; a repeated name is repeated (in JSON objects
// too: keys in order, duplicates kept). Every format prints its header when
// there are no rows (text, csv, markdown).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "query_output/format.h"
#include "warehouse/value.h"

namespace ecomdw::query_output {

// REQUIRES: every row has columns.size() values.
std::string Render(Format format, const std::vector<Column>& columns, const std::vector<warehouse::Row>& rows,
                   size_t max_text_rows = 10000);

}  // namespace ecomdw::query_output
