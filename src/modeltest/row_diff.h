// The difference between the rows a model test expected and the rows the
// engine returned, as a reader wants it on failure: which expected rows are
// missing, which returned rows are unexpected, in the order of the rows, a
// changed row shown as its expected line then its actual line.
//
// Rows are compared as text (one line per row, values joined by `|`).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ecomdw::modeltest {

struct DiffLine {
  enum class Kind { kSame, kMissing, kUnexpected };
  Kind kind = Kind::kSame;
  std::string row;
};

struct RowDiff {
  std::vector<DiffLine> lines;  // every row of both sides, in diff order
  std::vector<std::string> missing;     // expected, not returned
  std::vector<std::string> unexpected;  // returned, not expected
  bool equal() const { return missing.empty() && unexpected.empty(); }
};

// `sorted`: compare as multisets (rows shown sorted); otherwise as sequences
// (a longest common subsequence; a reordered row is missing at one place and
// unexpected at another).
RowDiff DiffRows(const std::vector<std::string>& expected, const std::vector<std::string>& actual, bool sorted);

// The diff as text, one line per row: "  row" (in both), "- row" (expected,
// missing), "+ row" (unexpected), each prefixed with `indent`. Rows in both
// sides more than 2 rows away from a change collapse into "  … N equal rows"
// (N > 1);
// past `max_lines` lines the rest is summarised as "… N more lines".
std::string FormatDiff(const RowDiff& diff, const std::string& indent, size_t max_lines = 60);

}  // namespace ecomdw::modeltest
