// Move-only owners of DuckDB C API handles. Internal to warehouse/duckdb/.
#pragma once

#include <duckdb.h>

#include <utility>

namespace ecomdw::warehouse::duckdb_internal {

// Owner<T, Destroy>: holds one handle, calls Destroy(&handle) once.
template <typename T, void (*Destroy)(T*)>
class Owner {
 public:
  Owner() = default;
  explicit Owner(T handle) : handle_(handle) {}
  ~Owner() { reset(); }
  Owner(const Owner&) = delete;
  Owner& operator=(const Owner&) = delete;
  Owner(Owner&& o) noexcept : handle_(std::exchange(o.handle_, nullptr)) {}
  Owner& operator=(Owner&& o) noexcept {
    if (this != &o) {
      reset();
      handle_ = std::exchange(o.handle_, nullptr);
    }
    return *this;
  }
  void reset() {
    if (handle_) Destroy(&handle_);
    handle_ = nullptr;
  }
  T get() const { return handle_; }
  T* out() {  // for C "out" parameters; releases what was held
    reset();
    return &handle_;
  }
  explicit operator bool() const { return handle_ != nullptr; }

 private:
  T handle_ = nullptr;
};

inline void DestroyAppender(duckdb_appender* a) { duckdb_appender_destroy(a); }
inline void DestroyDataChunk(duckdb_data_chunk* c) { duckdb_destroy_data_chunk(c); }
inline void DestroyLogicalType(duckdb_logical_type* t) { duckdb_destroy_logical_type(t); }
inline void DestroyValue(duckdb_value* v) { duckdb_destroy_value(v); }

using DatabaseHandle = Owner<duckdb_database, duckdb_close>;
using ConnectionHandle = Owner<duckdb_connection, duckdb_disconnect>;
using ConfigHandle = Owner<duckdb_config, duckdb_destroy_config>;
using PreparedHandle = Owner<duckdb_prepared_statement, duckdb_destroy_prepare>;
using ExtractedHandle = Owner<duckdb_extracted_statements, duckdb_destroy_extracted>;
using AppenderHandle = Owner<duckdb_appender, DestroyAppender>;
using DataChunkHandle = Owner<duckdb_data_chunk, DestroyDataChunk>;
using LogicalTypeHandle = Owner<duckdb_logical_type, DestroyLogicalType>;
using ValueHandle = Owner<duckdb_value, DestroyValue>;

// duckdb_result is a struct, not a pointer; it must be destroyed even after
// a failed query (see duckdb.h).
class ResultHandle {
 public:
  ResultHandle() = default;
  ~ResultHandle() { duckdb_destroy_result(&result_); }
  ResultHandle(const ResultHandle&) = delete;
  ResultHandle& operator=(const ResultHandle&) = delete;
  duckdb_result* get() { return &result_; }

 private:
  duckdb_result result_{};
};

}  // namespace ecomdw::warehouse::duckdb_internal
