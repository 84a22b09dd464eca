// A strict reader over one TOML table: the only place that touches toml++.
//
// toml++ throws on parse errors; ParseTomlFile catches at this boundary and
// returns a Status naming file, line and column. A TableReader hands out the
// keys a caller asks for, checks their types, and at Finish() reports every
// key nobody asked for, so a typo in ecomdw.toml is an error that names file,
// line and key instead of a silently ignored setting.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"

namespace toml {
inline namespace v3 {
class table;
class node;
}  // namespace v3
}  // namespace toml

namespace ecomdw::config {

class TomlDocument;

class TableReader {
 public:
  // `path` is the dotted path of this table ("" for the root), used in messages.
  TableReader(const TomlDocument* doc, const toml::table* table, std::string path);

  // Each getter: NotFound-free. A missing optional key leaves `out` as it is;
  // a missing required key, or a value of the wrong type, is InvalidArgument
  // "ecomdw.toml:LINE: key \"a.b\": expected an integer".
  Status String(const std::string& key, std::string* out, bool required = false);
  Status Int(const std::string& key, int64_t* out, bool required = false);
  Status Bool(const std::string& key, bool* out, bool required = false);
  Status StringArray(const std::string& key, std::vector<std::string>* out, bool required = false);

  // A sub-table; nullptr when absent (InvalidArgument when required or when
  // the key holds something other than a table).
  Result<std::unique_ptr<TableReader>> Table(const std::string& key, bool required = false);

  // An array of tables ([[key]] in TOML); empty when absent.
  Result<std::vector<std::unique_ptr<TableReader>>> TableArray(const std::string& key);

  // The keys of this table, in file order.
  std::vector<std::string> Keys() const;

  // Marks `key` as known without reading it (for keys read another way).
  void Accept(const std::string& key) { used_.insert(key); }

  // InvalidArgument for the first key of this table that no getter asked for.
  Status Finish() const;

  // "ecomdw.toml:12" for `key` of this table, or for the table itself.
  std::string Where(const std::string& key = "") const;
  std::string Qualified(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

 private:
  const toml::node* Find(const std::string& key);
  Status TypeError(const std::string& key, const std::string& expected) const;
  Status Missing(const std::string& key) const;

  const TomlDocument* doc_;
  const toml::table* table_;
  std::string path_;
  std::set<std::string> used_;
};

// Owns a parsed TOML file.
class TomlDocument {
 public:
  ~TomlDocument();
  TomlDocument(const TomlDocument&) = delete;
  TomlDocument& operator=(const TomlDocument&) = delete;

  const std::string& file_name() const { return file_name_; }
  TableReader Root() const;

 private:
  friend Result<std::unique_ptr<TomlDocument>> ParseToml(const std::string& text, const std::string& file_name);
  TomlDocument() = default;
  std::string file_name_;
  std::unique_ptr<toml::table> root_;
};

// Parses `text`; `file_name` is used in messages. InvalidArgument
// "FILE:LINE:COL: <parser message>" on a syntax error.
Result<std::unique_ptr<TomlDocument>> ParseToml(const std::string& text, const std::string& file_name);

}  // namespace ecomdw::config
