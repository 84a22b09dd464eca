// CSV objects: the header decides the layout (drift.h), then every record
// is checked for quoting, UTF-8 and field count and typed.
#include <fmt/format.h>

#include "common/sql_quote.h"

#include "staging/csv_records.h"
#include "staging/text_objects.h"
#include "staging/text_util.h"
#include "staging/value_parse.h"

namespace ecomdw::staging {
namespace {

// A first line that names no contract column is data, not a header, when
// it reads as a record by the contract's column order: at least one of its
// non-text values parses as its column's type (or the contract has none).
bool LooksLikeData(const EffectiveContract& c, const std::vector<std::string_view>& fields) {
  for (std::string_view f : fields) {
    if (!c.ColumnForRawName(std::string(f)).empty()) return false;
  }
  bool compared = false;
  size_t pos = 0;
  for (const ContractColumn& col : c.columns) {
    if (col.element || col.evolved) continue;
    if (pos >= fields.size()) break;
    std::string_view f = fields[pos++];
    if (col.sql_type.kind == SqlType::Kind::kVarchar || f.empty()) continue;
    compared = true;
    int64_t v;
    double d;
    std::string why;
    if (ParseTypedValue(col.sql_type, f, &v, &d, &why)) return true;
  }
  return !compared;
}

}  // namespace

void ParseCsvObject(const EffectiveContract& c, std::string_view text, ParsedObject* out) {
  const config::Source& s = *c.source;
  const bool utf8_ok = IsValidUtf8(text);
  CsvReader reader(text, &out->arena);
  CsvRecord rec;
  if (!reader.Next(&rec)) return;  // no header: an empty object
  if (!rec.problem.empty()) {
    out->MarkUnreadable(1, "the header line is not valid CSV: " + rec.problem);
    return;
  }
  if (!utf8_ok && !IsValidUtf8(rec.text)) {
    out->MarkUnreadable(1, fmt::format("the header line is not valid UTF-8 (byte {} of it)", FirstInvalidUtf8(rec.text)));
    return;
  }
  ObjectLayout layout{.object_key = out->object->key};
  const bool headerless = LooksLikeData(c, rec.fields);
  std::vector<FieldChange> changes;
  if (headerless) {
    for (const ContractColumn& col : c.columns) {
      if (!col.element && !col.evolved) layout.fields.push_back(col.name);
    }
    changes.push_back({"header_missing", "", "",
                       "line 1 is a record, not a header: no field names a contract column; read by the contract's "
                       "column order"});
  } else {
    for (std::string_view f : rec.fields) layout.fields.emplace_back(f);
    changes = CompareWithContract(c, layout);
  }
  std::vector<int> to_column = FieldColumns(c, layout, changes);
  // Fields outside the contract: evolved (kept as text by their name) when
  // the policy is evolve and the name can be a column.
  std::vector<std::string> extra_name(layout.fields.size());
  bool quarantine_all = false;
  if (!changes.empty()) {
    out->changes = changes;
    switch (s.drift_policy) {
      case config::DriftPolicy::kFail:
        out->status = DriftFailure(s, out->object->key, changes);
        return;
      case config::DriftPolicy::kQuarantine:
        out->change_action = "object quarantined";
        quarantine_all = true;
        break;
      case config::DriftPolicy::kEvolve:
        out->change_action = "evolved";
        for (FieldChange& ch : out->changes) {
          if (ch.change != "added") continue;
          if (!IsSafeIdentifier(ch.column)) {
            ch.detail += NotEvolvedNote(s);
            continue;
          }
          for (size_t i = 0; i < layout.fields.size(); ++i) {
            if (layout.fields[i] == ch.column && to_column[i] < 0) extra_name[i] = ch.column;
          }
        }
        break;
    }
  }
  const size_t ncols = c.columns.size();
  const size_t nfields = layout.fields.size();
  RecordInput input;
  auto handle = [&](const CsvRecord& r) {
    ++out->raw_records;
    if (quarantine_all) {
      Quarantine(out, r.line, "schema_drift", "object quarantined by drift_policy", r.text);
      return;
    }
    if (!r.problem.empty()) {
      Quarantine(out, r.line, "malformed", "broken quoting: " + r.problem, r.text);
      return;
    }
    if (!utf8_ok && !IsValidUtf8(r.text)) {
      Quarantine(out, r.line, "invalid_utf8",
                 fmt::format("not valid UTF-8: byte {} of the record", FirstInvalidUtf8(r.text)), r.text);
      return;
    }
    if (r.fields.size() != nfields) {
      Quarantine(out, r.line, "malformed", fmt::format("expected {} fields, found {}", nfields, r.fields.size()),
                 r.text);
      return;
    }
    input.Reset(r.line, ncols);
    for (size_t i = 0; i < nfields; ++i) {
      if (to_column[i] >= 0) {
        input.top[static_cast<size_t>(to_column[i])] = {r.fields[i], true};
      } else if (!extra_name[i].empty()) {
        input.extras.emplace_back(extra_name[i], r.fields[i]);
      }
    }
    AddRecord(out, input, r.text);
  };
  if (headerless) handle(rec);
  while (reader.Next(&rec)) handle(rec);
}

}  // namespace ecomdw::staging
