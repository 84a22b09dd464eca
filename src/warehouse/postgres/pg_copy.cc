#include "warehouse/postgres/pg_copy.h"

#include <fmt/format.h>

#include "warehouse/postgres/pg_error.h"
#include "warehouse/postgres/pg_text.h"

namespace ecomdw::warehouse::pg_internal {
namespace {

constexpr size_t kFlushBytes = 4 << 20;
constexpr size_t kSendChunk = 256 << 10;

void AppendColumnValue(const ColumnValues& c, size_t r, std::string* out, std::string_view* text) {
  switch (c.type) {
    case ColumnValues::Type::kBoolean: out->push_back(c.ints[r] ? 't' : 'f'); break;
    case ColumnValues::Type::kBigint: fmt::format_to(std::back_inserter(*out), "{}", c.ints[r]); break;
    case ColumnValues::Type::kDouble: AppendDouble(c.doubles[r], out); break;
    case ColumnValues::Type::kDate: AppendDate(static_cast<int32_t>(c.ints[r]), out); break;
    case ColumnValues::Type::kTimestamp: AppendTimestamp(c.ints[r], out); break;
    case ColumnValues::Type::kDecimal: AppendDecimal(c.ints[r], c.decimal_scale, out); break;
    case ColumnValues::Type::kVarchar: *text = c.texts[r]; break;  // escaped by the caller
  }
}

class CopyWriter final : public BulkWriter {
 public:
  CopyWriter(CopyTarget target, std::string qualified)
      : target_(target), qualified_(std::move(qualified)), sql_("COPY " + qualified_ + " FROM STDIN") {}

  Status AppendRow(const Row& row) override {
    if (closed_) return Status::Internal("bulk append to {} after Close()", qualified_);
    encoder_.AppendRow(row);
    return MaybeFlush();
  }

  Status AppendColumns(const std::vector<const ColumnValues*>& columns, size_t rows) override {
    if (closed_) return Status::Internal("bulk append to {} after Close()", qualified_);
    // Encode in slices so one huge call does not hold all its text at once.
    constexpr size_t kSlice = 8192;
    for (size_t from = 0; from < rows; from += kSlice) {
      encoder_.AppendColumns(columns, from, std::min(rows, from + kSlice));
      ECOMDW_TRY(MaybeFlush());
    }
    return Status::OK();
  }

  Status Close() override {
    if (closed_) return Status::OK();
    closed_ = true;
    return Flush();
  }

 private:
  Status MaybeFlush() { return encoder_.data().size() >= kFlushBytes ? Flush() : Status::OK(); }

  Status Flush() {
    if (encoder_.rows() == 0) return Status::OK();
    Status s = CopyIn(target_, sql_, encoder_.data());
    size_t first = flushed_ + 1, last = flushed_ + encoder_.rows();
    flushed_ += encoder_.rows();
    encoder_.Clear();
    if (!s.ok()) return s.WithContext(fmt::format("bulk append to {} rows {}..{}", qualified_, first, last));
    return Status::OK();
  }

  CopyTarget target_;
  std::string qualified_;
  std::string sql_;
  CopyEncoder encoder_;
  size_t flushed_ = 0;
  bool closed_ = false;
};

}  // namespace

void CopyEncoder::AppendEscaped(std::string_view text) {
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char esc = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : 0;
    if (!esc) continue;
    data_.append(text.data() + run, i - run);
    data_.push_back('\\');
    data_.push_back(esc);
    run = i + 1;
  }
  data_.append(text.data() + run, text.size() - run);
}

void CopyEncoder::AppendRow(const Row& row) {
  for (size_t c = 0; c < row.size(); ++c) {
    if (c) data_.push_back('\t');
    if (IsNull(row[c])) {
      data_.append("\\N");
    } else if (const auto* s = std::get_if<std::string>(&row[c])) {
      AppendEscaped(*s);
    } else {
      scratch_.clear();
      AppendText(row[c], &scratch_);
      AppendEscaped(scratch_);  // bytea's \x needs it; the rest has nothing to escape
    }
  }
  data_.push_back('\n');
  ++rows_;
}

void CopyEncoder::AppendColumns(const std::vector<const ColumnValues*>& columns, size_t from, size_t to) {
  for (size_t r = from; r < to; ++r) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c) data_.push_back('\t');
      const ColumnValues& col = *columns[c];
      if (col.is_null[r]) {
        data_.append("\\N");
        continue;
      }
      std::string_view text;
      AppendColumnValue(col, r, &data_, &text);
      if (col.type == ColumnValues::Type::kVarchar) AppendEscaped(text);
    }
    data_.push_back('\n');
    ++rows_;
  }
}

Status CopyIn(const CopyTarget& target, const std::string& copy_sql, std::string_view data) {
  PGresult* start = PQexec(target.conn, copy_sql.c_str());
  if (PQresultStatus(start) != PGRES_COPY_IN) {
    Status s = ResultError(target.conn, start, copy_sql, *target.timeout);
    PQclear(start);
    return s;
  }
  PQclear(start);
  bool sent = true;
  for (size_t at = 0; at < data.size() && sent; at += kSendChunk) {
    size_t n = std::min(kSendChunk, data.size() - at);
    sent = PQputCopyData(target.conn, data.data() + at, static_cast<int>(n)) == 1;
  }
  // On a send failure, end the COPY with an error so the server discards it.
  PQputCopyEnd(target.conn, sent ? nullptr : "ecomdw: sending COPY data failed");
  Status status;
  while (PGresult* r = PQgetResult(target.conn)) {
    if (status.ok() && PQresultStatus(r) != PGRES_COMMAND_OK) {
      status = ResultError(target.conn, r, copy_sql, *target.timeout);
    }
    PQclear(r);
  }
  if (status.ok() && !sent) status = ResultError(target.conn, nullptr, copy_sql, *target.timeout);
  return status;
}

std::unique_ptr<BulkWriter> MakeCopyWriter(CopyTarget target, std::string qualified) {
  return std::make_unique<CopyWriter>(target, std::move(qualified));
}

}  // namespace ecomdw::warehouse::pg_internal
