// Gzip compression with zlib, deterministic: the header carries mtime 0 and
// no file name, so the same input always gives the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace ecomdw::generate {

// Compresses `data` into a single gzip member at `level` (1..9). Internal
// error only if zlib itself fails.
Result<std::string> GzipCompress(std::string_view data, int level = 6);

// Decompresses a whole gzip stream (for tests and for reading truth files).
// Corruption when `data` is not valid gzip.
Result<std::string> GzipDecompress(std::string_view data);

}  // namespace ecomdw::generate
