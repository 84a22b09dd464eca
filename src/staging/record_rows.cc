#include "staging/record_rows.h"

#include <fmt/format.h>

#include "staging/value_parse.h"

namespace ecomdw::staging {

using warehouse::ColumnValues;

ColumnValues ColumnFor(const SqlType& t) {
  ColumnValues c;
  switch (t.kind) {
    case SqlType::Kind::kVarchar: c.type = ColumnValues::Type::kVarchar; break;
    case SqlType::Kind::kBoolean: c.type = ColumnValues::Type::kBoolean; break;
    case SqlType::Kind::kSmallint:
    case SqlType::Kind::kInteger:
    case SqlType::Kind::kBigint: c.type = ColumnValues::Type::kBigint; break;
    case SqlType::Kind::kDouble: c.type = ColumnValues::Type::kDouble; break;
    case SqlType::Kind::kDate: c.type = ColumnValues::Type::kDate; break;
    case SqlType::Kind::kTimestamp:
    case SqlType::Kind::kTimestampTz: c.type = ColumnValues::Type::kTimestamp; break;
    case SqlType::Kind::kDecimal:
      c.type = ColumnValues::Type::kDecimal;
      c.decimal_width = static_cast<uint8_t>(t.precision > 18 ? 18 : t.precision);
      c.decimal_scale = static_cast<uint8_t>(t.scale);
      break;
  }
  return c;
}

void RecordInput::Reset(int64_t at_line, size_t ncols) {
  line = at_line;
  top.assign(ncols, FieldText{});
  elements.clear();
  extras.clear();
}

std::vector<FieldText>& RecordInput::AddElement(size_t ncols) {
  elements.emplace_back(ncols, FieldText{});
  return elements.back();
}

RecordRows::RecordRows(const EffectiveContract* contract, int32_t obj)
    : contract_(contract), obj_id_(obj), exploded_(!contract->source->explode.empty()) {
  obj_.type = line_.type = elem_.type = ColumnValues::Type::kBigint;
  for (const ContractColumn& c : contract->columns) columns_.push_back(ColumnFor(c.sql_type));
}

void RecordRows::Truncate(size_t rows) {
  obj_.Truncate(rows);
  line_.Truncate(rows);
  elem_.Truncate(rows);
  for (ColumnValues& c : columns_) c.Truncate(rows);
  for (auto& [name, c] : extras_) c.Truncate(rows);
}

void RecordRows::Clear() {
  Truncate(0);
  extras_.clear();
}

size_t RecordRows::ApproximateBytes() const { return rows() * (columns_.size() + 3) * 17; }

bool RecordRows::AddRow(const RecordInput& r, const std::vector<FieldText>* element, int32_t elem, std::string* reason,
                        std::string* message) {
  bool missing = false, bad = false;
  std::string messages;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const ContractColumn& col = contract_->columns[i];
    const FieldText& f = col.element ? (element ? (*element)[i] : FieldText{}) : r.top[i];
    ColumnValues& out = columns_[i];
    if (!f.present || f.text.empty()) {
      out.AppendNull();
      if (col.required) {
        missing = true;
        messages += (messages.empty() ? "" : "; ") + fmt::format("required field \"{}\" is missing", col.name);
      }
      continue;
    }
    if (col.sql_type.kind == SqlType::Kind::kVarchar) {
      out.AppendText(f.text);
      continue;
    }
    int64_t v = 0;
    double d = 0;
    std::string why;
    if (ParseTypedValue(col.sql_type, f.text, &v, &d, &why)) {
      if (out.type == ColumnValues::Type::kDouble) {
        out.AppendDouble(d);
      } else {
        out.AppendInt(v);
      }
      continue;
    }
    out.AppendNull();
    bad = true;
    std::string_view shown = f.text.substr(0, 80);
    messages += (messages.empty() ? "" : "; ") +
                fmt::format("field \"{}\": \"{}\" is not {}{}", col.name, shown, col.type,
                            why.empty() ? "" : " (" + why + ")");
  }
  const size_t row = line_.size();
  obj_.AppendInt(obj_id_);
  line_.AppendInt(r.line);
  elem_.AppendInt(elem);
  for (const auto& [name, text] : r.extras) {
    auto it = extras_.find(std::string(name));
    if (it == extras_.end()) {
      it = extras_.emplace(std::string(name), ColumnValues{}).first;
      for (size_t k = 0; k < row; ++k) it->second.AppendNull();
    }
    if (it->second.size() == row) {
      if (text.empty()) {
        it->second.AppendNull();
      } else {
        it->second.AppendText(text);
      }
    }
  }
  for (auto& [name, c] : extras_) {
    if (c.size() == row) c.AppendNull();
  }
  if (missing || bad) {
    *reason = missing ? "missing_required" : "bad_type";
    *message = std::move(messages);
    return false;
  }
  return true;
}

bool RecordRows::Add(const RecordInput& r, std::string* reason, std::string* message) {
  const size_t start = rows();
  bool ok = true;
  if (!exploded_ || r.elements.empty()) {
    // An exploded record without elements still yields one row (its element
    // fields NULL), so it fails for the missing fields instead of vanishing.
    ok = AddRow(r, nullptr, 1, reason, message);
  } else {
    for (size_t e = 0; e < r.elements.size() && ok; ++e) {
      ok = AddRow(r, &r.elements[e], static_cast<int32_t>(e + 1), reason, message);
    }
  }
  if (!ok) Truncate(start);
  return ok;
}

}  // namespace ecomdw::staging
