#include "staging/text_objects.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "staging/text_util.h"

namespace ecomdw::staging {

FieldIndex::FieldIndex(const EffectiveContract& c) {
  for (size_t i = 0; i < c.columns.size(); ++i) {
    (c.columns[i].element ? element_ : top_)[c.columns[i].name] = static_cast<int>(i);
  }
  for (const auto& [raw, column] : c.source->raw_names) {
    int i = c.IndexOf(column);
    if (i >= 0) (c.columns[static_cast<size_t>(i)].element ? element_ : top_)[raw] = i;
  }
}

int FieldIndex::Top(std::string_view name) const {
  auto it = top_.find(name);
  return it == top_.end() ? -1 : it->second;
}

int FieldIndex::Element(std::string_view name) const {
  auto it = element_.find(name);
  return it == element_.end() ? -1 : it->second;
}

std::string_view ParsedObject::RawOf(int64_t line) const {
  auto it = std::lower_bound(spans.begin(), spans.end(), line, [](const Span& s, int64_t l) { return s.line < l; });
  if (it == spans.end() || it->line != line) return {};
  return text.text().substr(it->offset, it->length);
}

void ParsedObject::MarkUnreadable(int64_t line, const std::string& what) {
  if (rows) rows->Clear();
  spans.clear();
  quarantined.clear();
  arena.clear();
  unreadable = true;
  raw_records = 1;
  quarantined.push_back({line, "unreadable_object", fmt::format("unreadable object: {}", what), "", false});
}

std::string NotEvolvedNote(const config::Source& s) {
  return fmt::format("; not evolved: the name is not an identifier, map it in [sources.{}.raw_names]", s.name);
}

void Quarantine(ParsedObject* out, int64_t line, std::string reason, std::string message, std::string_view raw) {
  out->quarantined.push_back({line, std::move(reason), std::move(message), EscapeForText(raw), true});
}

void AddRecord(ParsedObject* out, const RecordInput& record, std::string_view raw) {
  std::string reason, message;
  if (out->rows->Add(record, &reason, &message)) {
    const char* base = out->text.text().data();
    out->spans.push_back({record.line, static_cast<size_t>(raw.data() - base), raw.size()});
  } else {
    Quarantine(out, record.line, std::move(reason), std::move(message), raw);
  }
}

void ParseTextObject(const EffectiveContract& c, const FieldIndex& index, const LandedObject& o, int32_t obj,
                     JsonScratch* json, ParsedObject* out) {
  out->obj = obj;
  out->object = &o;
  out->rows = std::make_unique<RecordRows>(&c, obj);
  if (o.size == 0) return;  // a zero-byte object has no records
  const config::Source& s = *c.source;
  Status read = out->text.Read(o.local_path, s.compression == "gzip");
  if (!read.ok()) {
    if (read.code() != StatusCode::kCorruption) {
      out->status = read.WithContext(fmt::format("staging: {}", o.key));
      return;
    }
    // The line reached: the last line the readable prefix starts.
    std::string_view got = out->text.text();
    int64_t line = got.empty() ? 0 : LineOfOffset(got, got.size() - 1);
    out->MarkUnreadable(line, read.message());
    return;
  }
  std::string_view text = StripBom(out->text.text());
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    size_t at = static_cast<const char*>(nul) - text.data();
    out->MarkUnreadable(LineOfOffset(text, at),
                        fmt::format("binary content (a NUL byte at line {}), not {} text", LineOfOffset(text, at),
                                    s.format));
    return;
  }
  if (s.format == "csv") {
    ParseCsvObject(c, text, out);
  } else if (s.format == "jsonl" || s.format == "json") {
    ParseJsonObject(c, index, text, s.format == "jsonl", json, out);
  } else {
    out->status = Status::InvalidArgument("source {}: format {} has no text reader", s.name, s.format);
  }
}

}  // namespace ecomdw::staging
