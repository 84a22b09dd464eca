// Reading one CSV, JSON-lines or JSON-array object into typed rows: the
// loader's hot path, run on worker threads, one object at a time, without
// touching the warehouse.
//
// Per object: the bytes are read and inflated (object_text.h); an object
// that cannot be read as text of its format (damaged or truncated gzip,
// binary content, a CSV header that is not valid UTF-8 or CSV, a JSON-array
// object that is not one JSON array) is unreadable: it is quarantined whole
// as one record (reason unreadable_object, the line reached, what was
// wrong) and nothing of it loads. Otherwise every record is either typed
// into RecordRows or quarantined here with its reason: malformed (does not
// parse, wrong field count), invalid_utf8, missing_required, bad_type, or
// schema_drift (the object's layout differs and drift_policy = quarantine).
// Contract rules and duplicates are decided later, in SQL, over the rows.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "staging/contract.h"
#include "staging/drift.h"
#include "staging/landed_object.h"
#include "staging/object_text.h"
#include "staging/record_rows.h"

namespace ecomdw::staging {

// Field name -> contract column index, for the lookups of the hot path.
class FieldIndex {
 public:
  explicit FieldIndex(const EffectiveContract& contract);
  int Top(std::string_view name) const;      // -1 when not a top-level column
  int Element(std::string_view name) const;  // -1 when not an element column

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int, Hash, std::equal_to<>> top_, element_;
};

struct QuarantineEntry {
  int64_t line = 0;
  std::string reason;
  std::string message;
  std::string raw;  // escaped when not valid UTF-8
  bool has_raw = true;
};

struct ParsedObject {
  int32_t obj = 0;
  const LandedObject* object = nullptr;
  ObjectText text;
  std::deque<std::string> arena;  // unescaped values the rows point into
  std::unique_ptr<RecordRows> rows;
  // Every record that reached the rows, for finding its raw text by line.
  struct Span {
    int64_t line;
    size_t offset, length;  // in text()
  };
  std::vector<Span> spans;
  std::vector<QuarantineEntry> quarantined;
  int64_t raw_records = 0;
  bool unreadable = false;
  std::vector<FieldChange> changes;  // drift of this object
  std::string change_action;
  // Not OK: the batch cannot load (drift_policy = fail, landing file gone).
  Status status;

  // The raw text of the record at `line` (which must be in spans).
  std::string_view RawOf(int64_t line) const;
  // Turns the object into one unreadable record, dropping what was read.
  void MarkUnreadable(int64_t line, const std::string& what);
};

// Per-thread scratch of the JSON parser (simdjson), opaque here.
class JsonScratch;
std::unique_ptr<JsonScratch, void (*)(JsonScratch*)> NewJsonScratch();

// Reads and parses `object` (format and compression from the contract's
// source) into *out. Never fails for bad data; see ParsedObject::status.
void ParseTextObject(const EffectiveContract& contract, const FieldIndex& index, const LandedObject& object,
                     int32_t obj, JsonScratch* json, ParsedObject* out);

// Internal to the parsers (csv_object.cc, json_object.cc).
void ParseCsvObject(const EffectiveContract& contract, std::string_view text, ParsedObject* out);
void ParseJsonObject(const EffectiveContract& contract, const FieldIndex& index, std::string_view text,
                     bool lines, JsonScratch* json, ParsedObject* out);
// Records `record` typed or quarantined; `raw` is its text.
void AddRecord(ParsedObject* out, const RecordInput& record, std::string_view raw);
// The note on an added field whose name cannot be a column.
std::string NotEvolvedNote(const config::Source& source);
void Quarantine(ParsedObject* out, int64_t line, std::string reason, std::string message, std::string_view raw);

}  // namespace ecomdw::staging
