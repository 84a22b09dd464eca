#include "warehouse/postgres/postgres_warehouse.h"

#include <atomic>
#include <optional>
#include <cstdlib>
#include <utility>
#include <vector>

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include "common/sql_quote.h"
#include "warehouse/statement_trace.h"
#include "warehouse/postgres/pg_copy.h"
#include "warehouse/postgres/pg_error.h"
#include "warehouse/postgres/pg_text.h"

namespace ecomdw::warehouse::postgres {
namespace {

using namespace pg_internal;

// What every session sets first: the text formats pg_text.h reads and
// writes, and notices kept out of the user's terminal.
constexpr const char* kSessionSetup =
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; "
    "SET bytea_output = 'hex'; SET extra_float_digits = 3; SET client_min_messages = 'warning'";

// libpq keyword/value pairs of a connection, kept for NewSession().
struct ConnParams {
  std::vector<std::pair<std::string, std::string>> pairs;
  bool expand_dbname = false;
  std::string password_to_hide;  // from a URI, scrubbed from error messages
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

void NoticeToLog(void*, const char* message) {
  std::string_view m(message ? message : "");
  while (!m.empty() && m.back() == '\n') m.remove_suffix(1);
  spdlog::debug("postgres: {}", m);
}

// Bound parameters in libpq's shape: text values with explicit type OIDs.
class Params {
 public:
  explicit Params(const std::vector<Value>& params) : types_(params.size()), texts_(params.size()) {
    values_.resize(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      types_[i] = ParamTypeOid(params[i]);
      if (IsNull(params[i])) continue;
      AppendText(params[i], &texts_[i]);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      if (!IsNull(params[i])) values_[i] = texts_[i].c_str();
    }
  }
  int size() const { return static_cast<int>(types_.size()); }
  const Oid* types() const { return types_.empty() ? nullptr : types_.data(); }
  const char* const* values() const { return values_.empty() ? nullptr : values_.data(); }

 private:
  std::vector<Oid> types_;
  std::vector<std::string> texts_;
  std::vector<const char*> values_;
};

// How to read each column of a result.
struct Columns {
  std::vector<std::string> names;
  std::vector<Oid> types;
  std::vector<int> mods;

  explicit Columns(const PGresult* r) {
    int n = PQnfields(r);
    for (int c = 0; c < n; ++c) {
      names.emplace_back(PQfname(r, c));
      types.push_back(PQftype(r, c));
      mods.push_back(PQfmod(r, c));
    }
  }
  Status ReadRow(const PGresult* r, int row, Row* out) const {
    out->resize(names.size());
    for (size_t c = 0; c < names.size(); ++c) {
      int ci = static_cast<int>(c);
      if (PQgetisnull(r, row, ci)) {
        (*out)[c] = std::monostate{};
        continue;
      }
      std::string_view text(PQgetvalue(r, row, ci), static_cast<size_t>(PQgetlength(r, row, ci)));
      ECOMDW_TRY(ParseField(types[c], mods[c], text, names[c].c_str(), &(*out)[c]));
    }
    return Status::OK();
  }
};

class PgWarehouse final : public Warehouse {
 public:
  PgWarehouse(ConnPtr conn, ConnParams params) : conn_(std::move(conn)), params_(std::move(params)) {
    cancel_ = PQgetCancel(conn_.get());
  }
  ~PgWarehouse() override {
    if (cancel_) PQfreeCancel(cancel_);
  }

  std::string_view dialect() const override { return "postgres"; }

  Status Execute(std::string_view sql) override {
    ECOMDW_TRY(ApplyTimeout());
    std::string text(sql);
    StatementTrace trace("postgres", sql);
    Running running(this);
    ResultPtr r(PQexec(conn_.get(), text.c_str()));
    return CheckCommand(r.get(), sql);
  }

  Result<int64_t> ExecuteParams(std::string_view sql, const std::vector<Value>& params) override {
    ECOMDW_TRY(ApplyTimeout());
    std::string text(sql);
    StatementTrace trace("postgres", sql);
    Params p(params);
    Running running(this);
    ResultPtr r(PQexecParams(conn_.get(), text.c_str(), p.size(), p.types(), p.values(), nullptr, nullptr, 0));
    ECOMDW_TRY(CheckCommand(r.get(), sql));
    const char* tuples = PQcmdTuples(r.get());
    return static_cast<int64_t>(tuples && *tuples ? std::strtoll(tuples, nullptr, 10) : 0);
  }

  Result<QueryResult> Query(std::string_view sql, const std::vector<Value>& params) override {
    ECOMDW_TRY(ApplyTimeout());
    std::string text(sql);
    StatementTrace trace("postgres", sql);
    Params p(params);
    Running running(this);
    ResultPtr r(PQexecParams(conn_.get(), text.c_str(), p.size(), p.types(), p.values(), nullptr, nullptr, 0));
    ECOMDW_TRY(CheckCommand(r.get(), sql));
    Columns columns(r.get());
    QueryResult out;
    out.column_names = columns.names;
    int n = PQntuples(r.get());
    out.rows.resize(static_cast<size_t>(n));
    for (int row = 0; row < n; ++row) {
      Status s = columns.ReadRow(r.get(), row, &out.rows[static_cast<size_t>(row)]);
      if (!s.ok()) return s.WithContext(Excerpt(sql));
    }
    return out;
  }

  // Single-row mode: libpq hands over each row as it arrives, so memory stays
  // at one row whatever the result's size.
  Status QueryEach(std::string_view sql, const std::vector<Value>& params, const RowCallback& on_row) override {
    ECOMDW_TRY(ApplyTimeout());
    std::string text(sql);
    StatementTrace trace("postgres", sql);
    Params p(params);
    Running running(this);
    if (!PQsendQueryParams(conn_.get(), text.c_str(), p.size(), p.types(), p.values(), nullptr, nullptr, 0)) {
      return ResultError(conn_.get(), nullptr, sql, timeout_);
    }
    if (!PQsetSingleRowMode(conn_.get())) {
      Drain();
      return Status::Internal("postgres: cannot enter single-row mode\n  statement: {}", Excerpt(sql));
    }
    std::optional<Columns> columns;
    Row row;
    Status status;
    bool stopped = false;
    while (PGresult* raw = PQgetResult(conn_.get())) {
      ResultPtr r(raw);
      ExecStatusType st = PQresultStatus(r.get());
      if (stopped) continue;  // drain what the server still sends
      if (st == PGRES_SINGLE_TUPLE) {
        if (!columns) columns.emplace(r.get());
        status = columns->ReadRow(r.get(), 0, &row);
        if (status.ok()) status = on_row(row);
      } else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        status = ResultError(conn_.get(), r.get(), sql, timeout_);
      }
      if (!status.ok()) {
        // Stop the server sending the rest; what is already on its way is read and dropped.
        stopped = true;
        SendCancel();
      }
    }
    return status;
  }

  Result<std::unique_ptr<BulkWriter>> OpenBulkWriter(std::string_view schema, std::string_view table) override {
    ECOMDW_ASSIGN_OR_RETURN(std::string qualified, QuoteQualified(schema, table));
    ECOMDW_ASSIGN_OR_RETURN(QueryResult exists, Query("SELECT to_regclass($1) IS NOT NULL", {qualified}));
    if (!std::get<bool>(exists.Scalar())) {
      return Status::NotFound("cannot open bulk writer on {}: no such table", qualified);
    }
    return MakeCopyWriter(CopyTarget{conn_.get(), &timeout_}, std::move(qualified));
  }

  // Transaction control never applies a pending statement timeout first: a
  // SET in an aborted transaction would fail and keep ROLLBACK from running.
  Status Begin() override { return Control("BEGIN"); }

  // COMMIT of a transaction an earlier error aborted "succeeds" as a
  // ROLLBACK in PostgreSQL; that is a failure here, as on DuckDB.
  Status Commit() override {
    Running running(this);
    ResultPtr r(PQexec(conn_.get(), "COMMIT"));
    ECOMDW_TRY(CheckCommand(r.get(), "COMMIT"));
    if (std::string_view(PQcmdStatus(r.get())) == "ROLLBACK") {
      return Status::IOError("postgres [25P02]: the transaction was aborted by an earlier error and rolled back"
                             "\n  statement: COMMIT");
    }
    return Status::OK();
  }

  Status Rollback() override {
    Status s = Control("ROLLBACK");
    // A SET statement_timeout inside the transaction was undone with it.
    timeout_dirty_ = true;
    return s;
  }

  void Interrupt() override {
    if (!running_.load()) return;
    SendCancel();
  }

  void SetStatementTimeout(std::chrono::milliseconds limit) override {
    timeout_ = limit;
    timeout_dirty_ = true;
  }

  Result<std::unique_ptr<Warehouse>> NewSession() override;

 private:
  // Marks a statement in flight so Interrupt() cancels only a running one
  // (a cancel request that arrives between statements would otherwise hit
  // the next one).
  class Running {
   public:
    explicit Running(PgWarehouse* wh) : wh_(wh) { wh_->running_.store(true); }
    ~Running() { wh_->running_.store(false); }

   private:
    PgWarehouse* wh_;
  };

  Status Control(const char* sql) {
    Running running(this);
    ResultPtr r(PQexec(conn_.get(), sql));
    return CheckCommand(r.get(), sql);
  }

  void SendCancel() {
    char err[256];
    if (cancel_ && !PQcancel(cancel_, err, sizeof err)) spdlog::debug("postgres: cancel request failed: {}", err);
  }

  void Drain() {
    while (PGresult* r = PQgetResult(conn_.get())) PQclear(r);
  }

  // The limit is applied lazily before the next statement, so setting it
  // never fails and a rollback that undid it is repaired.
  Status ApplyTimeout() {
    if (!timeout_dirty_) return Status::OK();
    std::string sql = fmt::format("SET statement_timeout = {}", timeout_.count());
    ResultPtr r(PQexec(conn_.get(), sql.c_str()));
    ECOMDW_TRY(CheckCommand(r.get(), sql));
    timeout_dirty_ = false;
    return Status::OK();
  }

  Status CheckCommand(PGresult* r, std::string_view sql) {
    switch (PQresultStatus(r)) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
      case PGRES_EMPTY_QUERY: return Status::OK();
      case PGRES_COPY_IN:
        PQputCopyEnd(conn_.get(), "COPY FROM STDIN goes through OpenBulkWriter");
        Drain();
        return Status::InvalidArgument("postgres: COPY … FROM STDIN is not run through Execute; use "
                                       "OpenBulkWriter\n  statement: {}",
                                       Excerpt(sql));
      case PGRES_COPY_OUT: {
        char* buf = nullptr;
        while (PQgetCopyData(conn_.get(), &buf, 0) > 0) PQfreemem(buf);
        Drain();
        return Status::InvalidArgument("postgres: COPY … TO STDOUT is not supported\n  statement: {}",
                                       Excerpt(sql));
      }
      default: return ResultError(conn_.get(), r, sql, timeout_);
    }
  }

  ConnPtr conn_;
  ConnParams params_;
  PGcancel* cancel_ = nullptr;
  std::atomic<bool> running_{false};
  std::chrono::milliseconds timeout_{0};
  bool timeout_dirty_ = false;
};

std::string Scrub(std::string message, const std::string& secret) {
  if (secret.empty()) return message;
  for (size_t at; (at = message.find(secret)) != std::string::npos;) message.replace(at, secret.size(), "***");
  return message;
}

Result<std::unique_ptr<Warehouse>> Open(const ConnParams& params) {
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : params.pairs) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  ConnPtr conn(PQconnectdbParams(keys.data(), values.data(), params.expand_dbname ? 1 : 0));
  if (!conn) return Status::Unavailable("postgres: out of memory creating a connection");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    std::string error = PQerrorMessage(conn.get());
    while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
    const char* host = PQhost(conn.get());
    const char* port = PQport(conn.get());
    const char* db = PQdb(conn.get());
    return Status::Unavailable("postgres: cannot connect to {}:{}/{}: {}", host ? host : "", port ? port : "",
                               db ? db : "", Scrub(error, params.password_to_hide));
  }
  PQsetNoticeProcessor(conn.get(), NoticeToLog, nullptr);
  auto wh = std::make_unique<PgWarehouse>(std::move(conn), params);
  ECOMDW_TRY(wh->Execute(kSessionSetup));
  return std::unique_ptr<Warehouse>(std::move(wh));
}

Result<std::unique_ptr<Warehouse>> PgWarehouse::NewSession() {
  ECOMDW_ASSIGN_OR_RETURN(std::unique_ptr<Warehouse> session, Open(params_));
  session->SetStatementTimeout(timeout_);
  return session;
}

// The password a URI carries, if any, so that no message repeats it.
std::string PasswordOf(const std::string& uri) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &err);
  if (err) PQfreemem(err);
  std::string password;
  for (PQconninfoOption* o = options; o && o->keyword; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val) password = o->val;
  }
  if (options) PQconninfoFree(options);
  return password;
}

}  // namespace

Result<std::unique_ptr<Warehouse>> Connect(const ConnectionSettings& settings) {
  ConnParams params;
  const char* url = std::getenv("ECOMDW_POSTGRES_URL");
  if (url && *url) {
    // The URI may name everything; what it leaves out falls back to PG*.
    params.pairs.emplace_back("dbname", url);
    params.pairs.emplace_back("fallback_application_name", settings.application_name);
    params.expand_dbname = true;
    params.password_to_hide = PasswordOf(url);
  } else {
    if (!settings.host.empty()) params.pairs.emplace_back("host", settings.host);
    if (settings.port > 0) params.pairs.emplace_back("port", std::to_string(settings.port));
    if (!settings.dbname.empty()) params.pairs.emplace_back("dbname", settings.dbname);
    if (!settings.user.empty()) params.pairs.emplace_back("user", settings.user);
    if (!settings.application_name.empty()) params.pairs.emplace_back("application_name", settings.application_name);
  }
  // The text formats are read as UTF-8 whatever the server's default.
  params.pairs.emplace_back("client_encoding", "UTF8");
  return Open(params);
}

}  // namespace ecomdw::warehouse::postgres
