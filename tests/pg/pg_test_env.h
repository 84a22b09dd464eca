// For tests that need PostgreSQL: the throw-away server tests/pg/pg_server.sh
// started (CTest fixture `pg`, see tests/CMakeLists.txt).
//
// LoadServerEnv() reads the env file named by $ECOMDW_PG_ENV (PGHOST,
// PGPORT, PGUSER, PGDATABASE) into this process's environment, so that
// postgres::Connect({}) reaches the server through libpq's PG* defaults.
// It fails (never skips) with the server's log when the server is not there.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace ecomdw::pg_test {

// Empty on success, else why (with the server log).
inline std::string LoadServerEnv() {
  const char* env_path = std::getenv("ECOMDW_PG_ENV");
  if (!env_path || !*env_path) {
    return "ECOMDW_PG_ENV is not set: run PostgreSQL tests through ctest (fixture pg), or start "
           "tests/pg/pg_server.sh start DIR and set ECOMDW_PG_ENV=DIR/env";
  }
  std::ifstream in(env_path);
  if (!in) {
    std::string dir = std::string(env_path).substr(0, std::string(env_path).rfind('/'));
    std::ifstream log(dir + "/server.log");
    std::stringstream text;
    text << log.rdbuf();
    return "no PostgreSQL test server: " + std::string(env_path) + " is missing; server log:\n" + text.str();
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("export ", 0) == 0) line = line.substr(7);
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    ::setenv(line.substr(0, eq).c_str(), line.substr(eq + 1).c_str(), 1);
  }
  // A developer's own URI must not redirect the tests.
  ::unsetenv("ECOMDW_POSTGRES_URL");
  return "";
}

}  // namespace ecomdw::pg_test
