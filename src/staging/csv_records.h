// RFC 4180 records of one CSV text, with the line each starts on.
//
// Fields are separated by ',', records end with "\n" or "\r\n" (a final
// line end does not open an empty record). A field may be quoted with '"';
// a quoted field may hold ',', '"' doubled and line ends, so one record may
// span several lines: its line is the line it starts on. A quote inside an
// unquoted field, text after a closing quote, or a quote left open is
// broken quoting: the record is reported malformed. When such a record
// spans several lines, only its first line is taken as the malformed record
// and reading resumes on the next line, so one cut-off record never
// swallows the records after it.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace ecomdw::staging {

struct CsvRecord {
  int64_t line = 0;                      // 1-based line it starts on
  std::string_view text;                 // the record's bytes, without its line end
  std::vector<std::string_view> fields;  // unquoted values (views into the text or the reader's arena)
  std::string problem;                   // non-empty: broken quoting, and what
};

class CsvReader {
 public:
  // `text` and `arena` (where unescaped quoted fields are kept) must outlive
  // the reader and the records it returns.
  CsvReader(std::string_view text, std::deque<std::string>* arena) : text_(text), arena_(arena) {}

  // The next record into *rec; false at the end of the text.
  bool Next(CsvRecord* rec);

 private:
  // Parses one record from pos_; false with rec->problem on broken quoting.
  // *end: where the next record starts; *text_end: where this one's bytes end.
  bool ParseRecord(CsvRecord* rec, size_t* end, size_t* text_end, int64_t* lines_spanned);

  std::string_view text_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  std::deque<std::string>* arena_;
};

}  // namespace ecomdw::staging
