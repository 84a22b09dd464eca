#include "modeltest/row_diff.h"

#include <algorithm>

#include <fmt/format.h>

namespace ecomdw::modeltest {
namespace {

constexpr size_t kContext = 2;
// Above this many cells the LCS table is not worth it: rows are compared
// position by position instead (tests hold a handful of rows).
constexpr size_t kMaxLcsCells = 4'000'000;

using Kind = DiffLine::Kind;

// Appends a run of changes: the missing rows first, then the unexpected
// ones, so a changed row reads as its expected line above its actual line.
void FlushChanges(std::vector<DiffLine>* out, std::vector<std::string>* minus, std::vector<std::string>* plus) {
  for (std::string& r : *minus) out->push_back({Kind::kMissing, std::move(r)});
  for (std::string& r : *plus) out->push_back({Kind::kUnexpected, std::move(r)});
  minus->clear();
  plus->clear();
}

std::vector<DiffLine> MergeSorted(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<DiffLine> out;
  std::vector<std::string> minus, plus;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      FlushChanges(&out, &minus, &plus);
      out.push_back({Kind::kSame, a[i]});
      ++i, ++j;
    } else if (j >= b.size() || (i < a.size() && a[i] < b[j])) {
      minus.push_back(a[i++]);
    } else {
      plus.push_back(b[j++]);
    }
  }
  FlushChanges(&out, &minus, &plus);
  return out;
}

std::vector<DiffLine> Lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<DiffLine> out;
  std::vector<std::string> minus, plus;
  if ((n + 1) * (m + 1) > kMaxLcsCells) {
    for (size_t k = 0; k < std::max(n, m); ++k) {
      if (k < n && k < m && a[k] == b[k]) {
        FlushChanges(&out, &minus, &plus);
        out.push_back({Kind::kSame, a[k]});
        continue;
      }
      if (k < n) minus.push_back(a[k]);
      if (k < m) plus.push_back(b[k]);
    }
    FlushChanges(&out, &minus, &plus);
    return out;
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  std::vector<std::vector<size_t>> lcs(n + 1, std::vector<size_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      FlushChanges(&out, &minus, &plus);
      out.push_back({Kind::kSame, a[i]});
      ++i, ++j;
    } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
      minus.push_back(a[i++]);
    } else {
      plus.push_back(b[j++]);
    }
  }
  FlushChanges(&out, &minus, &plus);
  return out;
}

}  // namespace

RowDiff DiffRows(const std::vector<std::string>& expected, const std::vector<std::string>& actual, bool sorted) {
  RowDiff d;
  d.lines = sorted ? MergeSorted(expected, actual) : Lcs(expected, actual);
  for (const DiffLine& l : d.lines) {
    if (l.kind == Kind::kMissing) d.missing.push_back(l.row);
    if (l.kind == Kind::kUnexpected) d.unexpected.push_back(l.row);
  }
  return d;
}

std::string FormatDiff(const RowDiff& diff, const std::string& indent, size_t max_lines) {
  const std::vector<DiffLine>& lines = diff.lines;
  // Distance of each line to the nearest change, to keep a little context.
  std::vector<size_t> near(lines.size(), SIZE_MAX);
  size_t last = SIZE_MAX;
  for (size_t k = 0; k < lines.size(); ++k) {
    if (lines[k].kind != Kind::kSame) last = k;
    if (last != SIZE_MAX) near[k] = k - last;
  }
  last = SIZE_MAX;
  for (size_t k = lines.size(); k-- > 0;) {
    if (lines[k].kind != Kind::kSame) last = k;
    if (last != SIZE_MAX) near[k] = std::min(near[k], last - k);
  }
  std::vector<std::string> out;
  std::vector<std::string> collapsed;  // equal rows far from a change; one alone is shown as it is
  auto flush_collapsed = [&] {
    if (collapsed.size() == 1) out.push_back(indent + "  " + collapsed[0]);
    if (collapsed.size() > 1) out.push_back(fmt::format("{}  … {} equal rows", indent, collapsed.size()));
    collapsed.clear();
  };
  for (size_t k = 0; k < lines.size(); ++k) {
    const DiffLine& l = lines[k];
    if (l.kind == Kind::kSame && near[k] > kContext) {
      collapsed.push_back(l.row);
      continue;
    }
    flush_collapsed();
    const char* mark = l.kind == Kind::kSame ? "  " : l.kind == Kind::kMissing ? "- " : "+ ";
    out.push_back(indent + mark + l.row);
  }
  flush_collapsed();
  std::string text;
  for (size_t k = 0; k < out.size() && k < max_lines; ++k) text += out[k] + "\n";
  if (out.size() > max_lines) text += fmt::format("{}… {} more lines\n", indent, out.size() - max_lines);
  return text;
}

}  // namespace ecomdw::modeltest
