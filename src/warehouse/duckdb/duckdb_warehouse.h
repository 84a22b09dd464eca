// The DuckDB implementation of Warehouse, over DuckDB's C API only (the C++
// API is not ABI-safe across compilers).
//
// A database file allows one writing process at a time: Open() fails with
// Conflict when another process holds the file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "warehouse/warehouse.h"

namespace ecomdw::warehouse {

struct DuckDbOptions {
  int threads = 0;                   // 0: DuckDB's default (all cores)
  std::string memory_limit;          // e.g. "4GB"; empty: DuckDB's default
  std::string temp_directory;        // spill location; empty: DuckDB's default
  bool read_only = false;
};

// Opens (creating if needed) the database at `path`; ":memory:" or "" gives
// a private in-memory database. Returns IOError with DuckDB's message when the
// file cannot be opened, Conflict when another process holds its lock.
Result<std::unique_ptr<Warehouse>> OpenDuckDb(const std::string& path, const DuckDbOptions& options = {});

}  // namespace ecomdw::warehouse
