// JSON-lines and JSON-array objects through simdjson's On-Demand API: each
// record is parsed once, its fields looked up by name (FieldIndex) and
// handed to RecordRows as text. Strings without escapes stay views into the
// object's bytes; only escaped ones are copied (unescaped) to the arena.
#include <simdjson.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "common/sql_quote.h"
#include "staging/text_objects.h"
#include "staging/text_util.h"

namespace ecomdw::staging {

namespace od = simdjson::ondemand;

class JsonScratch {
 public:
  od::parser records;   // one record (a line, or an array element)
  od::parser document;  // a JSON-array object as a whole
  RecordInput input;
  std::set<std::string, std::less<>> unknown_keys;  // of the current object
};

std::unique_ptr<JsonScratch, void (*)(JsonScratch*)> NewJsonScratch() {
  return {new JsonScratch, [](JsonScratch* p) { delete p; }};
}

namespace {

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// simdjson 3.0's On-Demand document has no at_end(): past the last token,
// current_location() is out of bounds.
bool AtEnd(od::document& doc) {
  const char* p = nullptr;
  return doc.current_location().get(p) != simdjson::SUCCESS;
}

// The text of a JSON value as a CSV field would hold it: a string's
// characters, a number or boolean as written, an object or array as JSON;
// null is present and empty (NULL).
simdjson::error_code ValueText(od::value v, std::deque<std::string>* arena, FieldText* out) {
  od::json_type t;
  if (auto err = v.type().get(t)) return err;
  out->present = true;
  switch (t) {
    case od::json_type::string: {
      std::string_view tok = TrimRight(v.raw_json_token());
      if (tok.size() < 2 || tok.back() != '"') return simdjson::STRING_ERROR;
      if (tok.find('\\') == std::string_view::npos) {
        out->text = tok.substr(1, tok.size() - 2);
        return simdjson::SUCCESS;
      }
      std::string_view s;
      if (auto err = v.get_string().get(s)) return err;
      out->text = arena->emplace_back(s);
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      out->text = TrimRight(v.raw_json_token());
      od::number n;
      return v.get_number().get(n);
    }
    case od::json_type::boolean: {
      bool b;
      if (auto err = v.get_bool().get(b)) return err;
      out->text = b ? "true" : "false";
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto err = v.is_null().get(is_null)) return err;
      out->text = {};
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    case od::json_type::object: {
      od::object o;
      if (auto err = v.get_object().get(o)) return err;
      return o.raw_json().get(out->text);
    }
    case od::json_type::array: {
      od::array a;
      if (auto err = v.get_array().get(a)) return err;
      return a.raw_json().get(out->text);
    }
  }
  return simdjson::INCORRECT_TYPE;
}

// Fields of one element object of the exploded array.
simdjson::error_code ReadElement(od::object el, const FieldIndex& index, std::deque<std::string>* arena,
                                 std::vector<FieldText>* values) {
  for (auto fr : el) {
    od::field f;
    if (auto err = std::move(fr).get(f)) return err;
    std::string_view key;
    if (auto err = f.unescaped_key().get(key)) return err;
    int col = index.Element(key);
    if (col < 0) continue;
    if (auto err = ValueText(f.value(), arena, &(*values)[static_cast<size_t>(col)])) return err;
  }
  return simdjson::SUCCESS;
}

// Parses the JSON object in [p, p + len) into js->input. On failure returns
// the reason (malformed or invalid_utf8) and sets *problem.
const char* ParseRecord(const EffectiveContract& c, const FieldIndex& index, const char* p, size_t len,
                        size_t capacity, bool keep_extras, JsonScratch* js, ParsedObject* out, std::string* problem) {
  const config::Source& s = *c.source;
  const size_t ncols = c.columns.size();
  RecordInput& input = js->input;
  auto fail = [&](simdjson::error_code err) -> const char* {
    if (err == simdjson::UTF8_ERROR) {
      *problem = "not valid UTF-8";
      return "invalid_utf8";
    }
    *problem = fmt::format("record is not valid JSON: {}", simdjson::error_message(err));
    return "malformed";
  };
  od::document doc;
  if (auto err = js->records.iterate(p, len, capacity).get(doc)) return fail(err);
  od::object obj;
  if (auto err = doc.get_object().get(obj)) {
    if (err == simdjson::INCORRECT_TYPE) {
      *problem = "record is JSON but not an object";
      return "malformed";
    }
    return fail(err);
  }
  for (auto fr : obj) {
    od::field f;
    if (auto err = std::move(fr).get(f)) return fail(err);
    std::string_view key;
    if (auto err = f.unescaped_key().get(key)) return fail(err);
    if (!s.explode.empty() && key == s.explode) {
      od::value v = f.value();
      od::json_type t;
      if (auto err = v.type().get(t)) return fail(err);
      if (t != od::json_type::array) continue;  // no elements: one row, element fields NULL
      od::array arr;
      if (auto err = v.get_array().get(arr)) return fail(err);
      for (auto er : arr) {
        od::value ev;
        if (auto err = std::move(er).get(ev)) return fail(err);
        od::object eo;
        if (auto err = ev.get_object().get(eo)) {
          if (err != simdjson::INCORRECT_TYPE) return fail(err);
          *problem = fmt::format("an element of \"{}\" is not an object", s.explode);
          return "malformed";
        }
        if (auto err = ReadElement(eo, index, &out->arena, &input.AddElement(ncols))) return fail(err);
      }
      continue;
    }
    int col = index.Top(key);
    if (col >= 0) {
      if (auto err = ValueText(f.value(), &out->arena, &input.top[static_cast<size_t>(col)])) return fail(err);
      continue;
    }
    if (js->unknown_keys.find(key) == js->unknown_keys.end()) js->unknown_keys.emplace(key);
    if (keep_extras && IsSafeIdentifier(key)) {
      FieldText t;
      if (auto err = ValueText(f.value(), &out->arena, &t)) return fail(err);
      // The key lives in the parser until the next record; the rows copy it.
      input.extras.emplace_back(key, t.text);
    }
  }
  if (!AtEnd(doc)) {
    *problem = "trailing content after the JSON object";
    return "malformed";
  }
  return nullptr;
}

void HandleRecord(const EffectiveContract& c, const FieldIndex& index, int64_t line, std::string_view raw,
                  bool keep_extras, JsonScratch* js, ParsedObject* out) {
  ++out->raw_records;
  js->input.Reset(line, c.columns.size());
  std::string problem;
  const char* reason =
      ParseRecord(c, index, raw.data(), raw.size(), out->text.CapacityFrom(raw.data()), keep_extras, js, out, &problem);
  if (reason) {
    Quarantine(out, line, reason, problem, raw);
    return;
  }
  AddRecord(out, js->input, raw);
}

// Drift of a JSON object: fields outside the contract, under its policy.
void ApplyDrift(const EffectiveContract& c, JsonScratch* js, ParsedObject* out) {
  if (js->unknown_keys.empty()) return;
  const config::Source& s = *c.source;
  ObjectLayout layout{.object_key = out->object->key};
  layout.fields.assign(js->unknown_keys.begin(), js->unknown_keys.end());
  out->changes = CompareWithContract(c, layout);
  if (out->changes.empty()) return;
  switch (s.drift_policy) {
    case config::DriftPolicy::kFail:
      out->status = DriftFailure(s, out->object->key, out->changes);
      return;
    case config::DriftPolicy::kEvolve:
      out->change_action = "evolved";
      for (FieldChange& ch : out->changes) {
        if (ch.change == "added" && !IsSafeIdentifier(ch.column)) ch.detail += NotEvolvedNote(s);
      }
      return;
    case config::DriftPolicy::kQuarantine: {
      out->change_action = "object quarantined";
      // Every record of the object, in line order.
      std::vector<QuarantineEntry> all;
      for (const ParsedObject::Span& sp : out->spans) {
        all.push_back({sp.line, "", "", EscapeForText(out->text.text().substr(sp.offset, sp.length)), true});
      }
      for (QuarantineEntry& q : out->quarantined) all.push_back(std::move(q));
      std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
      for (QuarantineEntry& q : all) {
        q.reason = "schema_drift";
        q.message = "object quarantined by drift_policy";
      }
      out->quarantined = std::move(all);
      out->spans.clear();
      out->rows->Clear();
      return;
    }
  }
}

void ParseLines(const EffectiveContract& c, const FieldIndex& index, std::string_view text, bool keep_extras,
                JsonScratch* js, ParsedObject* out) {
  int64_t line = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t stop = nl == std::string_view::npos ? text.size() : nl;
    std::string_view raw = text.substr(start, stop - start);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    HandleRecord(c, index, ++line, raw, keep_extras, js, out);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

void ParseArray(const EffectiveContract& c, const FieldIndex& index, std::string_view text, bool keep_extras,
                JsonScratch* js, ParsedObject* out) {
  if (TrimRight(text).find_first_not_of(" \t\r\n") == std::string_view::npos) return;  // no document
  int64_t reached = 0;
  auto unreadable = [&](const std::string& what) { out->MarkUnreadable(reached, what); };
  od::document doc;
  if (auto err = js->document.iterate(text.data(), text.size(), out->text.CapacityFrom(text.data())).get(doc)) {
    unreadable(fmt::format("not one JSON document: {}", simdjson::error_message(err)));
    return;
  }
  od::array arr;
  if (auto err = doc.get_array().get(arr)) {
    unreadable(err == simdjson::INCORRECT_TYPE
                   ? std::string("not a JSON array (a JSON-array source holds one array of records per object)")
                   : fmt::format("not one JSON array: {}", simdjson::error_message(err)));
    return;
  }
  for (auto er : arr) {
    od::value el;
    if (auto err = std::move(er).get(el)) {
      unreadable(fmt::format("broken JSON after element {}: {}", reached, simdjson::error_message(err)));
      return;
    }
    ++reached;
    od::json_type t;
    if (auto err = el.type().get(t)) {
      unreadable(fmt::format("broken JSON at element {}: {}", reached, simdjson::error_message(err)));
      return;
    }
    std::string_view raw;
    simdjson::error_code err = simdjson::SUCCESS;
    if (t == od::json_type::object) {
      od::object o;
      err = el.get_object().get(o);
      if (!err) err = o.raw_json().get(raw);
    } else if (t == od::json_type::array) {
      od::array a;
      err = el.get_array().get(a);
      if (!err) err = a.raw_json().get(raw);
    } else {
      raw = TrimRight(el.raw_json_token());
    }
    if (err) {
      unreadable(fmt::format("broken JSON at element {}: {}", reached, simdjson::error_message(err)));
      return;
    }
    if (t != od::json_type::object) {
      ++out->raw_records;
      Quarantine(out, reached, "malformed", "element is JSON but not an object", raw);
      continue;
    }
    HandleRecord(c, index, reached, raw, keep_extras, js, out);
  }
  if (!AtEnd(doc)) unreadable("trailing content after the JSON array");
}

}  // namespace

void ParseJsonObject(const EffectiveContract& c, const FieldIndex& index, std::string_view text, bool lines,
                     JsonScratch* js, ParsedObject* out) {
  js->unknown_keys.clear();
  const bool keep_extras = c.source->drift_policy == config::DriftPolicy::kEvolve;
  if (lines) {
    ParseLines(c, index, text, keep_extras, js, out);
  } else {
    ParseArray(c, index, text, keep_extras, js, out);
  }
  if (!out->unreadable) ApplyDrift(c, js, out);
}

}  // namespace ecomdw::staging
