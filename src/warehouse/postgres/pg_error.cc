#include "warehouse/postgres/pg_error.h"

#include <fmt/format.h>

#include <cstdlib>

namespace ecomdw::warehouse::pg_internal {
namespace {

constexpr size_t kExcerpt = 400;

std::string_view Field(const PGresult* result, int code) {
  const char* v = result ? PQresultErrorField(result, code) : nullptr;
  return v ? std::string_view(v) : std::string_view();
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  return std::string(s);
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::string Excerpt(std::string_view sql) {
  std::string s(sql.substr(0, kExcerpt));
  if (sql.size() > kExcerpt) s += " …";
  return s;
}

StatusCode CodeForSqlState(std::string_view state, std::string_view primary) {
  if (state.empty()) return StatusCode::kUnavailable;  // no server answer: the connection broke
  if (state == "57014") {
    return primary.find("statement timeout") != std::string_view::npos ? StatusCode::kUnavailable
                                                                        : StatusCode::kIOError;
  }
  if (StartsWith(state, "23")) return StatusCode::kConflict;
  if (state == "42P01" || state == "3F000" || state == "42704") return StatusCode::kNotFound;
  if (StartsWith(state, "08") || state == "57P01" || state == "57P02" || state == "57P03" || state == "53300") {
    return StatusCode::kUnavailable;
  }
  if (state == "40001" || state == "40P01" || state == "55P03") return StatusCode::kConflict;
  return StatusCode::kIOError;
}

Status ResultError(PGconn* conn, const PGresult* result, std::string_view sql, std::chrono::milliseconds timeout) {
  std::string_view state = Field(result, PG_DIAG_SQLSTATE);
  std::string primary = Trimmed(Field(result, PG_DIAG_MESSAGE_PRIMARY));
  if (primary.empty()) {
    const char* m = result ? PQresultErrorMessage(result) : nullptr;
    if (!m || !*m) m = PQerrorMessage(conn);
    primary = Trimmed(m ? m : "unknown error");
  }
  StatusCode code = CodeForSqlState(state, primary);
  std::string message;
  if (state == "57014" && code == StatusCode::kUnavailable) {
    message = fmt::format("postgres [57014]: statement exceeded the query time limit of {} ms", timeout.count());
  } else if (state == "57014") {
    message = "postgres [57014]: statement interrupted (canceled on request)";
  } else if (state.empty()) {
    message = fmt::format("postgres: {} (connection to {}:{}/{})", primary, PQhost(conn) ? PQhost(conn) : "",
                          PQport(conn) ? PQport(conn) : "", PQdb(conn) ? PQdb(conn) : "");
  } else {
    message = fmt::format("postgres [{}]: {}", state, primary);
  }
  if (std::string detail = Trimmed(Field(result, PG_DIAG_MESSAGE_DETAIL)); !detail.empty()) {
    message += "\n  detail: " + detail;
  }
  if (std::string hint = Trimmed(Field(result, PG_DIAG_MESSAGE_HINT)); !hint.empty()) {
    message += "\n  hint: " + hint;
  }
  if (std::string where = Trimmed(Field(result, PG_DIAG_CONTEXT)); !where.empty() && where.size() < 400) {
    message += "\n  context: " + where;
  }
  message += "\n  statement: " + Excerpt(sql);
  // The position is 1-based, in characters (UTF-8 here); a byte offset is
  // close enough to show the neighbourhood when it lies beyond the excerpt.
  if (std::string_view pos = Field(result, PG_DIAG_STATEMENT_POSITION); !pos.empty()) {
    size_t at = static_cast<size_t>(std::strtoul(std::string(pos).c_str(), nullptr, 10));
    if (at > kExcerpt && at <= sql.size()) {
      size_t from = at > 80 ? at - 80 : 0;
      message += fmt::format("\n  near character {}: …{}…", at, sql.substr(from, 160));
    } else if (at > 0) {
      message += fmt::format("\n  at character {}", at);
    }
  }
  return Status(code, std::move(message));
}

}  // namespace ecomdw::warehouse::pg_internal
