#include "warehouse/duckdb/duckdb_warehouse.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "common/sql_quote.h"
#include "warehouse/statement_trace.h"
#include "warehouse/duckdb/duckdb_columns.h"
#include "warehouse/duckdb/duckdb_convert.h"
#include "warehouse/duckdb/handles.h"

namespace ecomdw::warehouse {
namespace {

using namespace duckdb_internal;

std::string Excerpt(std::string_view sql) {
  constexpr size_t kMax = 400;
  std::string s(sql.substr(0, kMax));
  if (sql.size() > kMax) s += " …";
  return s;
}

// Interrupts `conn` once `limit` passes, unless destroyed first.
class StatementDeadline {
 public:
  StatementDeadline(duckdb_connection conn, std::chrono::milliseconds limit) {
    if (limit.count() <= 0) return;
    watchdog_ = std::thread([this, conn, limit] {
      std::unique_lock lock(mu_);
      if (!cv_.wait_for(lock, limit, [this] { return done_; })) {
        fired_ = true;
        duckdb_interrupt(conn);
      }
    });
  }
  ~StatementDeadline() {
    if (!watchdog_.joinable()) return;
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_one();
    watchdog_.join();
  }
  bool fired() {
    std::lock_guard lock(mu_);
    return fired_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  bool fired_ = false;
  std::thread watchdog_;
};

class DuckDbBulkWriter final : public BulkWriter {
 public:
  DuckDbBulkWriter(AppenderHandle appender, std::string table)
      : appender_(std::move(appender)), table_(std::move(table)) {}

  Status AppendRow(const Row& row) override {
    for (const Value& v : row) {
      Status s = AppendValue(appender_.get(), v);
      if (!s.ok()) return s.WithContext(fmt::format("bulk append to {} row {}", table_, rows_ + 1));
    }
    if (duckdb_appender_end_row(appender_.get()) != DuckDBSuccess) {
      return Status::InvalidArgument("bulk append to {} row {}: {}", table_, rows_ + 1,
                                     duckdb_appender_error(appender_.get()));
    }
    ++rows_;
    return Status::OK();
  }

  Status AppendColumns(const std::vector<const ColumnValues*>& columns, size_t rows) override {
    ECOMDW_TRY(AppendColumnChunks(appender_.get(), columns, rows, table_));
    rows_ += static_cast<int64_t>(rows);
    return Status::OK();
  }

  Status Close() override {
    if (duckdb_appender_close(appender_.get()) != DuckDBSuccess) {
      const char* err = duckdb_appender_error(appender_.get());
      return Status::IOError("bulk append to {}: {}", table_, err ? err : "close failed");
    }
    appender_.reset();
    return Status::OK();
  }

 private:
  AppenderHandle appender_;
  std::string table_;
  int64_t rows_ = 0;
};

class DuckDbWarehouse final : public Warehouse {
 public:
  DuckDbWarehouse(std::shared_ptr<DatabaseHandle> db, ConnectionHandle conn)
      : db_(std::move(db)), conn_(std::move(conn)) {}

  std::string_view dialect() const override { return "duckdb"; }

  Status Execute(std::string_view sql) override {
    ResultHandle result;
    std::string text(sql);
    StatementTrace trace("duckdb", sql);
    StatementDeadline deadline(conn_.get(), timeout_);
    if (duckdb_query(conn_.get(), text.c_str(), result.get()) != DuckDBSuccess) {
      return Failure(duckdb_result_error(result.get()), sql, deadline.fired());
    }
    return Status::OK();
  }

  Result<int64_t> ExecuteParams(std::string_view sql, const std::vector<Value>& params) override {
    StatementTrace trace("duckdb", sql);
    PreparedHandle stmt;
    ECOMDW_TRY(Prepare(sql, params, &stmt));
    ResultHandle result;
    StatementDeadline deadline(conn_.get(), timeout_);
    if (duckdb_execute_prepared(stmt.get(), result.get()) != DuckDBSuccess) {
      return Failure(duckdb_result_error(result.get()), sql, deadline.fired());
    }
    return static_cast<int64_t>(duckdb_rows_changed(result.get()));
  }

  Result<QueryResult> Query(std::string_view sql, const std::vector<Value>& params) override {
    QueryResult out;
    Status s = Run(sql, params, /*streaming=*/false, &out.column_names, [&](const Row& row) {
      out.rows.push_back(row);
      return Status::OK();
    });
    if (!s.ok()) return s;
    return out;
  }

  Status QueryEach(std::string_view sql, const std::vector<Value>& params,
                   const RowCallback& on_row) override {
    std::vector<std::string> names;
    return Run(sql, params, /*streaming=*/true, &names, on_row);
  }

  Result<std::unique_ptr<BulkWriter>> OpenBulkWriter(std::string_view schema,
                                                     std::string_view table) override {
    ECOMDW_ASSIGN_OR_RETURN(std::string qualified, QuoteQualified(schema, table));
    AppenderHandle appender;
    std::string s(schema), t(table);
    if (duckdb_appender_create(conn_.get(), s.c_str(), t.c_str(), appender.out()) != DuckDBSuccess) {
      const char* err = appender ? duckdb_appender_error(appender.get()) : nullptr;
      return Status::NotFound("cannot open bulk writer on {}: {}", qualified, err ? err : "no such table");
    }
    return std::unique_ptr<BulkWriter>(std::make_unique<DuckDbBulkWriter>(std::move(appender), qualified));
  }

  Status Begin() override { return Execute("BEGIN TRANSACTION"); }
  Status Commit() override { return Execute("COMMIT"); }
  Status Rollback() override { return Execute("ROLLBACK"); }

  void Interrupt() override { duckdb_interrupt(conn_.get()); }

  void SetStatementTimeout(std::chrono::milliseconds limit) override { timeout_ = limit; }

  Result<std::unique_ptr<Warehouse>> NewSession() override {
    ConnectionHandle conn;
    if (duckdb_connect(db_->get(), conn.out()) != DuckDBSuccess) {
      return Status::IOError("duckdb: cannot open another connection");
    }
    auto session = std::make_unique<DuckDbWarehouse>(db_, std::move(conn));
    session->SetStatementTimeout(timeout_);
    return std::unique_ptr<Warehouse>(std::move(session));
  }

 private:
  Status Failure(const char* error, std::string_view sql, bool timed_out) const {
    if (timed_out) {
      return Status::Unavailable("duckdb: statement exceeded the query time limit of {} ms\n  statement: {}",
                                 timeout_.count(), Excerpt(sql));
    }
    return Status::IOError("duckdb: {}\n  statement: {}", error ? error : "unknown error", Excerpt(sql));
  }

  Status Prepare(std::string_view sql, const std::vector<Value>& params, PreparedHandle* stmt) {
    std::string text(sql);
    if (duckdb_prepare(conn_.get(), text.c_str(), stmt->out()) != DuckDBSuccess) {
      return Failure(duckdb_prepare_error(stmt->get()), sql, false);
    }
    idx_t expected = duckdb_nparams(stmt->get());
    if (expected != params.size()) {
      return Status::InvalidArgument("statement takes {} parameters, {} given\n  statement: {}", expected,
                                     params.size(), Excerpt(sql));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      Status s = BindValue(stmt->get(), i + 1, params[i]);
      if (!s.ok()) return s.WithContext(Excerpt(sql));
    }
    return Status::OK();
  }

  Status Run(std::string_view sql, const std::vector<Value>& params, bool streaming,
             std::vector<std::string>* names, const RowCallback& on_row) {
    StatementTrace trace("duckdb", sql);
    PreparedHandle stmt;
    ECOMDW_TRY(Prepare(sql, params, &stmt));
    ResultHandle result;
    StatementDeadline deadline(conn_.get(), timeout_);
    duckdb_state st = streaming ? duckdb_execute_prepared_streaming(stmt.get(), result.get())
                                : duckdb_execute_prepared(stmt.get(), result.get());
    if (st != DuckDBSuccess) return Failure(duckdb_result_error(result.get()), sql, deadline.fired());

    idx_t ncols = duckdb_column_count(result.get());
    std::vector<LogicalTypeHandle> types;
    for (idx_t c = 0; c < ncols; ++c) {
      names->emplace_back(duckdb_column_name(result.get(), c));
      types.emplace_back(duckdb_column_logical_type(result.get(), c));
    }
    Row row(ncols);
    while (true) {
      DataChunkHandle chunk(duckdb_fetch_chunk(*result.get()));
      if (!chunk) break;
      idx_t n = duckdb_data_chunk_get_size(chunk.get());
      if (n == 0) break;
      for (idx_t r = 0; r < n; ++r) {
        for (idx_t c = 0; c < ncols; ++c) {
          duckdb_vector vec = duckdb_data_chunk_get_vector(chunk.get(), c);
          ECOMDW_TRY(ReadVectorValue(vec, types[c].get(), r, (*names)[c].c_str(), &row[c]));
        }
        ECOMDW_TRY(on_row(row));
      }
    }
    // A streaming result reports errors raised mid-stream here.
    if (duckdb_result_error(result.get()) != nullptr) {
      return Failure(duckdb_result_error(result.get()), sql, deadline.fired());
    }
    return Status::OK();
  }

  std::shared_ptr<DatabaseHandle> db_;
  ConnectionHandle conn_;
  std::chrono::milliseconds timeout_{0};
};

Status SetOption(duckdb_config config, const char* name, const std::string& value) {
  if (duckdb_set_config(config, name, value.c_str()) != DuckDBSuccess) {
    return Status::InvalidArgument("duckdb: invalid value \"{}\" for option {}", value, name);
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<Warehouse>> OpenDuckDb(const std::string& path, const DuckDbOptions& options) {
  ConfigHandle config;
  if (duckdb_create_config(config.out()) != DuckDBSuccess) return Status::Internal("duckdb: create_config failed");
  if (options.threads > 0) ECOMDW_TRY(SetOption(config.get(), "threads", std::to_string(options.threads)));
  if (!options.memory_limit.empty()) ECOMDW_TRY(SetOption(config.get(), "memory_limit", options.memory_limit));
  if (!options.temp_directory.empty()) {
    ECOMDW_TRY(SetOption(config.get(), "temp_directory", options.temp_directory));
  }
  if (options.read_only) ECOMDW_TRY(SetOption(config.get(), "access_mode", "READ_ONLY"));
  // Extensions are built into the library; nothing may be downloaded.
  ECOMDW_TRY(SetOption(config.get(), "autoinstall_known_extensions", "false"));

  auto db = std::make_shared<DatabaseHandle>();
  char* error = nullptr;
  const char* file = path.empty() ? nullptr : path.c_str();
  if (duckdb_open_ext(file, db->out(), config.get(), &error) != DuckDBSuccess) {
    std::string message = error ? error : "unknown error";
    duckdb_free(error);
    if (message.find("lock") != std::string::npos) {
      return Status::Conflict("duckdb: {} is in use by another process: {}", path, message);
    }
    return Status::IOError("duckdb: cannot open {}: {}", path, message);
  }
  ConnectionHandle conn;
  if (duckdb_connect(db->get(), conn.out()) != DuckDBSuccess) {
    return Status::IOError("duckdb: cannot connect to {}", path);
  }
  return std::unique_ptr<Warehouse>(std::make_unique<DuckDbWarehouse>(std::move(db), std::move(conn)));
}

}  // namespace ecomdw::warehouse
