// Splitting landed text objects into numbered lines, the loader's first step.
//
// Lines are counted exactly as docs/raw_zone.md defines them: 1-based over
// the decompressed bytes, every line counted (a CSV header is line 1), a
// final "\n" does not open an empty last line, and "\r\n" loses its "\r".
// Parsing is left to SQL; this only numbers lines, so nothing is skipped.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace ecomdw::staging {

// Calls `on_line(line_number, text)` for every line of the file at `path`,
// gzip-decompressed when `gzip` is set (a zero-byte file has no lines).
// Corruption when a gzip stream is truncated or damaged, naming the path.
Status ForEachLine(const std::string& path, bool gzip,
                   const std::function<Status(int64_t, std::string_view)>& on_line);

// The whole (decompressed) content; for one-document JSON objects.
Status ReadAll(const std::string& path, bool gzip, std::string* out);

}  // namespace ecomdw::staging
