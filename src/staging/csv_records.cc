#include "staging/csv_records.h"

#include <cstring>

namespace ecomdw::staging {

bool CsvReader::ParseRecord(CsvRecord* rec, size_t* end, size_t* text_end, int64_t* lines_spanned) {
  const char* s = text_.data();
  const size_t n = text_.size();
  size_t p = pos_;
  *lines_spanned = 0;
  while (true) {
    if (p < n && s[p] == '"') {
      // Quoted field: up to the closing quote; "" is a quote.
      size_t q = p + 1;
      bool escaped = false;
      while (true) {
        const void* hit = std::memchr(s + q, '"', n - q);
        if (!hit) {
          rec->problem = "a quoted field is never closed";
          return false;
        }
        size_t at = static_cast<const char*>(hit) - s;
        if (at + 1 < n && s[at + 1] == '"') {
          escaped = true;
          q = at + 2;
          continue;
        }
        std::string_view inner(s + p + 1, at - p - 1);
        for (char c : inner) *lines_spanned += c == '\n';
        if (escaped) {
          std::string& u = arena_->emplace_back();
          u.reserve(inner.size());
          for (size_t i = 0; i < inner.size(); ++i) {
            u.push_back(inner[i]);
            if (inner[i] == '"') ++i;  // the second of a doubled quote
          }
          rec->fields.emplace_back(u);
        } else {
          rec->fields.push_back(inner);
        }
        p = at + 1;
        break;
      }
      if (p < n && s[p] != ',' && s[p] != '\n' && !(s[p] == '\r' && p + 1 < n && s[p + 1] == '\n') &&
          !(s[p] == '\r' && p + 1 == n)) {
        rec->problem = "text after a closing quote";
        return false;
      }
    } else {
      // Unquoted field: up to ',' or the line end.
      size_t q = p;
      while (q < n) {
        char c = s[q];
        if (c == ',' || c == '\n') break;
        if (c == '"') {
          rec->problem = "a quote inside an unquoted field";
          return false;
        }
        ++q;
      }
      size_t stop = q;
      if (stop > p && s[stop - 1] == '\r' && (stop == n || s[stop] == '\n')) --stop;  // CRLF
      rec->fields.emplace_back(s + p, stop - p);
      p = q;
    }
    if (p >= n) {
      *end = n;
      *text_end = (n > pos_ && s[n - 1] == '\r') ? n - 1 : n;
      return true;
    }
    if (s[p] == ',') {
      ++p;
      continue;
    }
    // Line end: "\n" or "\r\n".
    *text_end = (s[p] == '\n' && p > pos_ && s[p - 1] == '\r') ? p - 1 : p;
    if (s[p] == '\r') ++p;
    if (p < n && s[p] == '\n') ++p;
    *end = p;
    return true;
  }
}

bool CsvReader::Next(CsvRecord* rec) {
  if (pos_ >= text_.size()) return false;
  rec->fields.clear();
  rec->problem.clear();
  rec->line = line_;
  size_t end = 0, text_end = 0;
  int64_t spanned = 0;
  if (ParseRecord(rec, &end, &text_end, &spanned)) {
    rec->text = text_.substr(pos_, text_end - pos_);
    line_ += 1 + spanned;
    pos_ = end;
    return true;
  }
  // Broken quoting: the record is its first line; resume on the next one.
  size_t nl = text_.find('\n', pos_);
  size_t stop = nl == std::string_view::npos ? text_.size() : nl;
  if (stop > pos_ && text_[stop - 1] == '\r') --stop;
  rec->text = text_.substr(pos_, stop - pos_);
  rec->fields.clear();
  pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
  line_ += 1;
  return true;
}

}  // namespace ecomdw::staging
