// Typed rows of one object, column by column, ready for the work table.
//
// A parser hands over one record at a time as text values (one per
// contract column; for an exploded source the top-level values and one set
// per array element), and RecordRows types them (value_parse.h). A record
// whose every row types is appended whole, one row per element; a record
// with a missing required value or a value that does not fit its type is
// not appended at all, and the caller gets the reason (missing_required,
// else bad_type, of its first failing row) and a message naming each field.
// Fields outside the contract (drift under the evolve policy) are kept as
// text in extra columns, named by the field.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "staging/contract.h"
#include "warehouse/column_values.h"

namespace ecomdw::staging {

struct FieldText {
  std::string_view text;
  bool present = false;  // false or empty text: NULL
};

struct RecordInput {
  int64_t line = 0;
  std::vector<FieldText> top;                   // by contract column index; element columns unused
  std::vector<std::vector<FieldText>> elements;  // exploded sources: by contract column index
  std::vector<std::pair<std::string_view, std::string_view>> extras;  // field name, text

  // Ready for a record of a contract with `ncols` columns.
  void Reset(int64_t at_line, size_t ncols);
  std::vector<FieldText>& AddElement(size_t ncols);
};

class RecordRows {
 public:
  // `contract` must outlive this object. `exploded`: rows per element.
  RecordRows(const EffectiveContract* contract, int32_t obj);

  // Types and appends the record's rows. False when the record breaks the
  // contract, with *reason and *message.
  bool Add(const RecordInput& record, std::string* reason, std::string* message);

  size_t rows() const { return line_.size(); }
  const warehouse::ColumnValues& obj() const { return obj_; }
  const warehouse::ColumnValues& line() const { return line_; }
  const warehouse::ColumnValues& elem() const { return elem_; }
  const std::vector<warehouse::ColumnValues>& columns() const { return columns_; }
  const std::map<std::string, warehouse::ColumnValues>& extras() const { return extras_; }
  // Bytes of memory held, roughly.
  size_t ApproximateBytes() const;
  void Clear();

 private:
  bool AddRow(const RecordInput& record, const std::vector<FieldText>* element, int32_t elem, std::string* reason,
              std::string* message);
  void Truncate(size_t rows);

  const EffectiveContract* contract_;
  int32_t obj_id_;
  bool exploded_;
  warehouse::ColumnValues obj_, line_, elem_;
  std::vector<warehouse::ColumnValues> columns_;
  std::map<std::string, warehouse::ColumnValues> extras_;
};

// The ColumnValues type that holds values of `t`.
warehouse::ColumnValues ColumnFor(const SqlType& t);

}  // namespace ecomdw::staging
