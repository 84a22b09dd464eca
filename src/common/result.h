// Result<T>: a value or a failed Status, after Arrow's arrow::Result.
//
// Building a Result from an OK Status is a broken invariant and aborts.
// Use ECOMDW_ASSIGN_OR_RETURN to unwrap or propagate.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>

#include "common/status.h"

namespace ecomdw {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) {
      std::fprintf(stderr, "ecomdw: Result constructed from an OK Status\n");
      std::abort();
    }
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }

  T ValueOr(T fallback) && { return ok() ? std::move(*value_) : std::move(fallback); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace ecomdw

#define ECOMDW_CONCAT_INNER(a, b) a##b
#define ECOMDW_CONCAT(a, b) ECOMDW_CONCAT_INNER(a, b)
#define ECOMDW_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                 \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

// Unwraps a Result<T> into `lhs` (a declaration or an lvalue), or returns its
// Status from the enclosing function.
#define ECOMDW_ASSIGN_OR_RETURN(lhs, rexpr) \
  ECOMDW_ASSIGN_OR_RETURN_IMPL(ECOMDW_CONCAT(_ecomdw_result_, __LINE__), lhs, rexpr)
