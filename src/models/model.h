// A model: one SELECT in models/<schema>/<name>.sql that ecomdw materializes
// as <schema>.<name>.
//
// The file opens with a header of `-- key: value` comment lines (so the file
// stays plain SQL that any client can run):
//
//   -- materialization: incremental        (table | view | incremental)
//   -- unique_key: order_id                (incremental: rows of a key in the
//                                           new result replace all stored rows
//                                           of that key)
//   -- description: One row per order line.
//   -- column order_id: The order's id in its source system.
//
// Dependencies are not declared: they are the schema-qualified tables the
// SELECT reads, found by DuckDB's own parser (see dependencies.h).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace ecomdw::models {

enum class Materialization { kTable, kView, kIncremental };

std::string_view MaterializationName(Materialization m);

struct ColumnDoc {
  std::string name;
  std::string description;
};

struct Model {
  std::string schema;
  std::string name;
  std::string path;  // project-relative, for messages: models/core/fact_orders.sql
  Materialization materialization = Materialization::kTable;
  std::vector<std::string> unique_key;
  std::string description;
  std::vector<ColumnDoc> columns;
  std::string sql;                       // the SELECT, header included
  std::vector<std::string> depends_on;   // "schema.table" of other models
  std::vector<std::string> reads;        // every schema-qualified table read

  std::string full_name() const { return schema + "." + name; }
};

// Parses one model file. `path` must look like models/<schema>/<name>.sql,
// with both parts safe identifiers. InvalidArgument naming path and line for
// an unknown header key, a bad materialization, an incremental model without
// unique_key, or an empty body.
Result<Model> ParseModelFile(const std::string& path, const std::string& text);

}  // namespace ecomdw::models
