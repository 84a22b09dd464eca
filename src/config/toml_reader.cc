#include "config/toml_reader.h"

#include <toml++/toml.h>

#include <algorithm>

namespace ecomdw::config {

TomlDocument::~TomlDocument() = default;

TableReader TomlDocument::Root() const { return TableReader(this, root_.get(), ""); }

Result<std::unique_ptr<TomlDocument>> ParseToml(const std::string& text, const std::string& file_name) {
  std::unique_ptr<TomlDocument> doc(new TomlDocument());
  doc->file_name_ = file_name;
  try {
    doc->root_ = std::make_unique<toml::table>(toml::parse(text, file_name));
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument("{}:{}:{}: {}", file_name, e.source().begin.line, e.source().begin.column,
                                   std::string(e.description()));
  }
  return doc;
}

TableReader::TableReader(const TomlDocument* doc, const toml::table* table, std::string path)
    : doc_(doc), table_(table), path_(std::move(path)) {}

const toml::node* TableReader::Find(const std::string& key) {
  used_.insert(key);
  return table_->get(key);
}

std::string TableReader::Where(const std::string& key) const {
  const toml::node* node = key.empty() ? static_cast<const toml::node*>(table_) : table_->get(key);
  uint32_t line = node ? node->source().begin.line : 0;
  if (line == 0) return doc_->file_name();
  return fmt::format("{}:{}", doc_->file_name(), line);
}

Status TableReader::TypeError(const std::string& key, const std::string& expected) const {
  return Status::InvalidArgument("{}: key \"{}\": expected {}", Where(key), Qualified(key), expected);
}

Status TableReader::Missing(const std::string& key) const {
  return Status::InvalidArgument("{}: missing required key \"{}\"", Where(), Qualified(key));
}

Status TableReader::String(const std::string& key, std::string* out, bool required) {
  const toml::node* n = Find(key);
  if (!n) return required ? Missing(key) : Status::OK();
  if (!n->is_string()) return TypeError(key, "a string");
  *out = n->as_string()->get();
  return Status::OK();
}

Status TableReader::Int(const std::string& key, int64_t* out, bool required) {
  const toml::node* n = Find(key);
  if (!n) return required ? Missing(key) : Status::OK();
  if (!n->is_integer()) return TypeError(key, "an integer");
  *out = n->as_integer()->get();
  return Status::OK();
}

Status TableReader::Bool(const std::string& key, bool* out, bool required) {
  const toml::node* n = Find(key);
  if (!n) return required ? Missing(key) : Status::OK();
  if (!n->is_boolean()) return TypeError(key, "true or false");
  *out = n->as_boolean()->get();
  return Status::OK();
}

Status TableReader::StringArray(const std::string& key, std::vector<std::string>* out, bool required) {
  const toml::node* n = Find(key);
  if (!n) return required ? Missing(key) : Status::OK();
  const toml::array* arr = n->as_array();
  if (!arr) return TypeError(key, "an array of strings");
  out->clear();
  for (const toml::node& item : *arr) {
    if (!item.is_string()) return TypeError(key, "an array of strings");
    out->push_back(item.as_string()->get());
  }
  return Status::OK();
}

Result<std::unique_ptr<TableReader>> TableReader::Table(const std::string& key, bool required) {
  const toml::node* n = Find(key);
  if (!n) {
    if (required) return Missing(key);
    return std::unique_ptr<TableReader>();
  }
  if (!n->is_table()) return TypeError(key, "a table");
  return std::make_unique<TableReader>(doc_, n->as_table(), Qualified(key));
}

Result<std::vector<std::unique_ptr<TableReader>>> TableReader::TableArray(const std::string& key) {
  std::vector<std::unique_ptr<TableReader>> out;
  const toml::node* n = Find(key);
  if (!n) return out;
  const toml::array* arr = n->as_array();
  if (!arr) return TypeError(key, "an array of tables ([[" + Qualified(key) + "]])");
  size_t i = 0;
  for (const toml::node& item : *arr) {
    if (!item.is_table()) return TypeError(key, "an array of tables");
    out.push_back(std::make_unique<TableReader>(doc_, item.as_table(), fmt::format("{}[{}]", Qualified(key), i++)));
  }
  return out;
}

std::vector<std::string> TableReader::Keys() const {
  std::vector<std::pair<uint32_t, std::string>> keyed;
  for (const auto& [k, v] : *table_) keyed.emplace_back(v.source().begin.line, std::string(k.str()));
  std::stable_sort(keyed.begin(), keyed.end());
  std::vector<std::string> out;
  for (auto& [line, k] : keyed) out.push_back(std::move(k));
  return out;
}

Status TableReader::Finish() const {
  for (const std::string& key : Keys()) {
    if (!used_.count(key)) {
      return Status::InvalidArgument("{}: unknown key \"{}\"", Where(key), Qualified(key));
    }
  }
  return Status::OK();
}

}  // namespace ecomdw::config
