#include "modeltest/test_file.h"

#include <sstream>

#include "common/sql_quote.h"
#include "objectstore/file_util.h"

namespace ecomdw::modeltest {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxIncludeDepth = 8;

std::string TrimRight(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// A cursor over the file's lines; blocks end at a blank line.
class Lines {
 public:
  explicit Lines(const std::string& text) {
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) lines_.push_back(TrimRight(l));
  }
  bool done() const { return i_ >= lines_.size(); }
  const std::string& current() const { return lines_[i_]; }
  int number() const { return static_cast<int>(i_) + 1; }
  void next() { ++i_; }
  // The lines from the current one up to a blank line (or `----` when
  // `stop_at_dashes`); leaves the cursor on the line that ended the block.
  std::vector<std::string> Block(bool stop_at_dashes) {
    std::vector<std::string> out;
    for (; !done() && !current().empty(); next()) {
      if (stop_at_dashes && current() == "----") break;
      out.push_back(current());
    }
    return out;
  }
  bool AtDashes() const { return !done() && current() == "----"; }

 private:
  std::vector<std::string> lines_;
  size_t i_ = 0;
};

std::string Join(const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) s += l + "\n";
  return s;
}

Status ParseBuildWords(std::istringstream& words, Step* st) {
  std::string w;
  while (words >> w) {
    if (w == "full-refresh") {
      st->full_refresh = true;
    } else if (w == "batches") {
      std::string list;
      if (!(words >> list)) return Status::InvalidArgument("`batches` needs a list, e.g. batches 1,2");
      st->all_batches = false;
      std::istringstream items(list);
      std::string item;
      while (std::getline(items, item, ',')) {
        if (item.empty()) return Status::InvalidArgument("empty batch id in \"{}\"", list);
        st->batches.push_back(item);
      }
    } else {
      return Status::InvalidArgument("unknown build option \"{}\"; build [full-refresh] [batches 1,2,...]", w);
    }
  }
  return Status::OK();
}

Status ParseStep(const std::string& verb, std::istringstream& words, Lines& lines, Step* st) {
  if (verb == "statement") {
    std::string mode;
    words >> mode;
    if (mode != "ok" && mode != "error") return Status::InvalidArgument("statement ok|error expected");
    st->kind = mode == "ok" ? StepKind::kStatementOk : StepKind::kStatementError;
    lines.next();
    st->sql = Join(lines.Block(true));
    if (st->sql.empty()) return Status::InvalidArgument("statement without SQL");
    if (lines.AtDashes()) {
      lines.next();
      st->arg = Join(lines.Block(false));
      if (!st->arg.empty()) st->arg.pop_back();
    }
    return Status::OK();
  }
  if (verb == "query") {
    std::string types, sort;
    words >> types >> sort;
    if (types.empty()) return Status::InvalidArgument("query needs one letter per column, e.g. query ITR");
    if (!sort.empty() && sort != "rowsort") return Status::InvalidArgument("unknown query option \"{}\"", sort);
    st->kind = StepKind::kQuery;
    st->columns = static_cast<int>(types.size());
    st->rowsort = sort == "rowsort";
    lines.next();
    st->sql = Join(lines.Block(true));
    if (st->sql.empty()) return Status::InvalidArgument("query without SQL");
    if (!lines.AtDashes()) return Status::InvalidArgument("query without ---- and the expected rows");
    lines.next();
    st->expected_line = lines.number();
    st->expected = lines.Block(false);
    return Status::OK();
  }
  if (verb == "fixture") {
    st->kind = StepKind::kFixture;
    words >> st->arg;
    size_t dot = st->arg.find('.');
    if (dot == std::string::npos || !IsSafeIdentifier(st->arg.substr(0, dot)) ||
        !IsSafeIdentifier(st->arg.substr(dot + 1))) {
      return Status::InvalidArgument("fixture needs a table as schema.table, then a header line");
    }
    lines.next();
    const int header_line = lines.number();
    std::vector<std::string> body = lines.Block(false);
    if (body.empty()) return Status::InvalidArgument("fixture {} without a header line", st->arg);
    st->header = SplitFields(body[0]);
    for (const std::string& h : st->header) {
      if (!IsSafeIdentifier(h)) {
        return Status::InvalidArgument("{}:{}: \"{}\" is not a column name", st->file, header_line, h);
      }
    }
    for (size_t r = 1; r < body.size(); ++r) {
      st->rows.push_back(SplitFields(body[r]));
      if (st->rows.back().size() != st->header.size()) {
        return Status::InvalidArgument("{}:{}: {} values for {} columns", st->file,
                                       header_line + static_cast<int>(r), st->rows.back().size(),
                                       st->header.size());
      }
    }
    return Status::OK();
  }
  if (verb == "build") {
    st->kind = StepKind::kBuild;
    lines.next();
    return ParseBuildWords(words, st);
  }
  if (verb == "include") {
    st->kind = StepKind::kInclude;
    words >> st->arg;
    fs::path p(st->arg);
    bool escapes = false;
    for (const fs::path& part : p) escapes = escapes || part == "..";
    if (st->arg.empty() || p.is_absolute() || escapes) {
      return Status::InvalidArgument("include needs a path inside the project folder, e.g. tests/fixtures/x.fixture");
    }
    lines.next();
    return Status::OK();
  }
  if (verb == "snapshot" || verb == "compare") {
    st->kind = verb == "snapshot" ? StepKind::kSnapshot : StepKind::kCompare;
    words >> st->arg;
    if (!IsSafeIdentifier(st->arg) || st->arg.size() > 40) {
      return Status::InvalidArgument("{} NAME: a name of letters, digits and _", verb);
    }
    lines.next();
    return Status::OK();
  }
  return Status::InvalidArgument(
      "unknown step \"{}\" (fixture, build, statement ok|error, query, include, snapshot, compare)", verb);
}

Result<std::vector<Step>> Expand(const fs::path& project_dir, std::vector<Step> steps, int depth);

Result<std::vector<Step>> Load(const fs::path& project_dir, const std::string& file, int depth) {
  Result<std::string> text = objectstore::ReadWholeFile(project_dir / file);
  if (!text.ok()) return text.status().WithContext(file);
  ECOMDW_ASSIGN_OR_RETURN(std::vector<Step> steps, ParseTestFile(file, *text));
  return Expand(project_dir, std::move(steps), depth);
}

Result<std::vector<Step>> Expand(const fs::path& project_dir, std::vector<Step> steps, int depth) {
  std::vector<Step> out;
  for (Step& st : steps) {
    if (st.kind != StepKind::kInclude) {
      out.push_back(std::move(st));
      continue;
    }
    if (depth >= kMaxIncludeDepth) {
      return Status::InvalidArgument("{}:{}: includes nested more than {} deep (a cycle?)", st.file, st.line,
                                     kMaxIncludeDepth);
    }
    if (!fs::is_regular_file(project_dir / st.arg)) {
      return Status::InvalidArgument("{}:{}: include {}: no such file in the project", st.file, st.line, st.arg);
    }
    ECOMDW_ASSIGN_OR_RETURN(std::vector<Step> included, Load(project_dir, st.arg, depth + 1));
    for (Step& s : included) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::string StepName(const Step& step) {
  switch (step.kind) {
    case StepKind::kStatementOk: return "statement ok";
    case StepKind::kStatementError: return "statement error";
    case StepKind::kQuery: return "query";
    case StepKind::kFixture: return "fixture " + step.arg;
    case StepKind::kBuild: return "build";
    case StepKind::kSnapshot: return "snapshot " + step.arg;
    case StepKind::kCompare: return "compare " + step.arg;
    case StepKind::kInclude: return "include " + step.arg;
  }
  return "step";
}

std::vector<std::string> SplitFields(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t bar = line.find('|', start);
    out.push_back(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

Result<std::vector<Step>> ParseTestFile(const std::string& file, const std::string& text) {
  Lines lines(text);
  std::vector<Step> steps;
  while (!lines.done()) {
    const std::string& l = lines.current();
    if (l.empty() || l[0] == '#') {
      lines.next();
      continue;
    }
    Step st;
    st.file = file;
    st.line = lines.number();
    std::istringstream words(l);
    std::string verb;
    words >> verb;
    Status s = ParseStep(verb, words, lines, &st);
    if (!s.ok()) {
      // Messages that name a line of their own (a fixture row) keep it.
      if (s.message().rfind(file + ":", 0) == 0) return s;
      return Status::InvalidArgument("{}:{}: {}", file, st.line, s.message());
    }
    steps.push_back(std::move(st));
  }
  return steps;
}

Result<std::vector<Step>> LoadTestFile(const fs::path& project_dir, const std::string& file) {
  return Load(project_dir, file, 0);
}

Result<std::vector<Step>> ResolveIncludes(const fs::path& project_dir, std::vector<Step> steps) {
  return Expand(project_dir, std::move(steps), 0);
}

}  // namespace ecomdw::modeltest
