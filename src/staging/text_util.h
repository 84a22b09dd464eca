// Byte-level checks on raw text: UTF-8 validity, binary content, and the
// escaping that lets any bytes be kept in a VARCHAR quarantine column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ecomdw::staging {

// True when `text` is valid UTF-8 (simdjson's validator).
bool IsValidUtf8(std::string_view text);

// Offset of the first byte that breaks UTF-8 in `text`, npos when valid.
size_t FirstInvalidUtf8(std::string_view text);

// `text` with every byte that is not part of valid UTF-8 (and NUL) written
// as \xNN, and cut to at most `max_bytes` bytes of input (0 = no limit).
std::string EscapeForText(std::string_view text, size_t max_bytes = 0);

// `text` without a leading UTF-8 byte order mark.
std::string_view StripBom(std::string_view text);

// 1-based line of byte `offset` in `text` (lines counted by '\n').
int64_t LineOfOffset(std::string_view text, size_t offset);

}  // namespace ecomdw::staging
