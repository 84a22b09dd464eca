// StatementTrace: logs one statement's duration at trace level
// (--log-level trace), the cheapest way to see where a slow build spends
// its time. Every engine's session wraps each statement in one; costs a
// clock read when trace logging is off.
#pragma once

#include <spdlog/spdlog.h>

#include <chrono>
#include <string_view>

namespace ecomdw::warehouse {

class StatementTrace {
 public:
  // `engine` and `sql` must outlive the trace (they are the caller's).
  StatementTrace(std::string_view engine, std::string_view sql)
      : engine_(engine),
        sql_(spdlog::should_log(spdlog::level::trace) ? sql : std::string_view()),
        start_(std::chrono::steady_clock::now()) {}
  StatementTrace(const StatementTrace&) = delete;
  StatementTrace& operator=(const StatementTrace&) = delete;
  ~StatementTrace() {
    if (sql_.empty()) return;
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
    spdlog::trace("{} {:8.1f} ms  {}", engine_, ms, sql_.substr(0, 160));
  }

 private:
  std::string_view engine_;
  std::string_view sql_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace ecomdw::warehouse
