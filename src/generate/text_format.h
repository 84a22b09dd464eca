// Writing CSV rows (RFC 4180) and JSON text by hand, appending to a string.
//
// The generator writes its own JSON rather than going through nlohmann-json
// so that key order and number formatting are fixed byte for byte and no
// exception can escape.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ecomdw::generate {

// Appends one CSV row field by field; quotes a field only when it holds
// `,`, `"`, CR or LF.
class CsvRow {
 public:
  explicit CsvRow(std::string* out) : out_(out) {}
  void Field(std::string_view v);
  void Int(int64_t v);
  void Null() { Sep(); }
  void End() { out_->push_back('\n'); }

 private:
  void Sep() {
    if (!first_) out_->push_back(',');
    first_ = false;
  }
  std::string* out_;
  bool first_ = true;
};

// Appends `v` as a JSON string literal (quotes and escapes included).
void AppendJsonString(std::string* out, std::string_view v);

// Splits one CSV line into fields (RFC 4180 quoting). For reading the
// truth's own files back; not a general CSV reader.
void SplitCsvLine(std::string_view line, std::vector<std::string>* fields);

}  // namespace ecomdw::generate
