// Status: the outcome of a fallible operation, after leveldb's and Arrow's.
//
// Every fallible call in ecomdw returns a Status (or a Result<T>, see
// result.h). We do not throw: most failures are expected (a bad object, a 503,
// a failing check) and are counted, retried or quarantined by the caller.
// Adapters over throwing libraries catch at their boundary and convert.
//
// A Status is cheap to return when OK (a null pointer) and carries a code and
// a message otherwise. Messages name where the failure happened: object key,
// line, field, model file or check.
#pragma once

#include <fmt/format.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace ecomdw {

enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument,  // bad input from the user: config, flags, identifiers
  kNotFound,
  kIOError,
  kUnavailable,  // transient: safe to retry (503, reset, stall)
  kCorruption,   // data on disk or in transit is not what it claims
  kDataError,    // source data violates a contract
  kCheckFailed,  // a data-quality check with severity error failed
  kConflict,     // another build holds the lock, or a concurrent change
  kInternal,     // a broken invariant in ecomdw itself
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message);

  Status(const Status& other)
      : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}
  Status& operator=(const Status& other) {
    state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
    return *this;
  }
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status OK() { return Status(); }

  template <typename... Args>
  static Status InvalidArgument(fmt::format_string<Args...> f, Args&&... a) {
    return Status(StatusCode::kInvalidArgument, fmt::format(f, std::forward<Args>(a)...));
  }
  template <typename... Args>
  static Status NotFound(fmt::format_string<Args...> f, Args&&... a) {
    return Status(StatusCode::kNotFound, fmt::format(f, std::forward<Args>(a)...));
  }
  template <typename... Args>
  static Status IOError(fmt::format_string<Args...> f, Args&&... a) {
    return Status(StatusCode::kIOError, fmt::format(f, std::forward<Args>(a)...));
  }
  template <typename... Args>
  static Status Unavailable(fmt::format_string<Args...> f, Args&&... a) {
    return Status(StatusCode::kUnavailable, fmt::format(f, std::forward<Args>(a)...));
  }
  template <typename... Args>
  static Status Corruption(fmt::format_string<Args...> f, Args&&... a) {
    return Status(StatusCode::kCorruption, fmt::format(f, std::forward<Args>(a)...));
  }
  template <typename... Args>
  static Status DataError(fmt::format_string<Args...> f, Args&&... a) {
    return Status(StatusCode::kDataError, fmt::format(f, std::forward<Args>(a)...));
  }
  template <typename... Args>
  static Status CheckFailed(fmt::format_string<Args...> f, Args&&... a) {
    return Status(StatusCode::kCheckFailed, fmt::format(f, std::forward<Args>(a)...));
  }
  template <typename... Args>
  static Status Conflict(fmt::format_string<Args...> f, Args&&... a) {
    return Status(StatusCode::kConflict, fmt::format(f, std::forward<Args>(a)...));
  }
  template <typename... Args>
  static Status Internal(fmt::format_string<Args...> f, Args&&... a) {
    return Status(StatusCode::kInternal, fmt::format(f, std::forward<Args>(a)...));
  }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  // Empty when OK.
  const std::string& message() const;

  bool IsNotFound() const { return code() == StatusCode::kNotFound; }
  bool IsUnavailable() const { return code() == StatusCode::kUnavailable; }
  bool IsCheckFailed() const { return code() == StatusCode::kCheckFailed; }

  // "<CodeName>: <message>", or "OK".
  std::string ToString() const;

  // The same code with "<context>: " put in front of the message, so each
  // layer can say where it was. OK stays OK.
  Status WithContext(std::string_view context) const;

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::unique_ptr<State> state_;
};

}  // namespace ecomdw

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define ECOMDW_TRY(expr)                           \
  do {                                             \
    ::ecomdw::Status _ecomdw_status = (expr);      \
    if (!_ecomdw_status.ok()) return _ecomdw_status; \
  } while (false)
