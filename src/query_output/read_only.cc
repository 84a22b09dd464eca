#include "query_output/read_only.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <string>

namespace ecomdw::query_output {
namespace {

// The statement's first word, upper-cased, for the message only.
std::string FirstWord(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size() && (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == '(')) ++i;
  std::string w;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    w += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  }
  return w;
}

}  // namespace

Status CheckReadOnly(warehouse::Warehouse& wh, std::string_view sql) {
  if (wh.dialect() != "duckdb") {
    // PostgreSQL: a first-word allowlist, then the session's transactions are
    // READ ONLY (the server refuses writes; one statement per extended query).
    std::string word = FirstWord(sql);
    if (word != "SELECT" && word != "WITH" && word != "VALUES" && word != "TABLE") {
      return Status::InvalidArgument("query is read-only: only SELECT statements run; refused {}", word);
    }
    return wh.Execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
  }
  ECOMDW_ASSIGN_OR_RETURN(warehouse::QueryResult r,
                          wh.Query("SELECT json_serialize_sql(CAST($1 AS VARCHAR))", {std::string(sql)}));
  const std::string text = warehouse::ValueToString(r.Scalar());
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return Status::Internal("query: unreadable parser answer");
  if (parsed.value("error", true)) {
    std::string message = parsed.value("error_message", std::string());
    if (message.find("Only SELECT") != std::string::npos) {
      std::string word = FirstWord(sql);
      return Status::InvalidArgument(
          "query is read-only: only SELECT statements run (also WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE); "
          "refused {}",
          word.empty() ? "this statement" : word);
    }
    return Status::InvalidArgument("query: {}", message);
  }
  size_t n = parsed.contains("statements") ? parsed["statements"].size() : 0;
  if (n != 1) return Status::InvalidArgument("query runs exactly one statement; got {}", n);
  return Status::OK();
}

}  // namespace ecomdw::query_output
