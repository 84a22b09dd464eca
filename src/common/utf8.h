// UTF-8 checks for text that arrives from outside (object keys, raw header
// names) before it is stored in VARCHAR columns, which hold UTF-8 only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ecomdw {

// The length of the well-formed UTF-8 sequence starting at text[pos]
// (1..4), or 0 when the bytes there are not one (overlong forms, surrogates
// and code points above U+10FFFF included). REQUIRES: pos < text.size().
size_t Utf8SequenceLength(std::string_view text, size_t pos);

// True when all of `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// `text` fit for a message or a VARCHAR: control bytes and bytes that are
// not well-formed UTF-8 written as \xNN, cut after `max_bytes` input bytes
// (with "…" when cut).
std::string PrintableUtf8(std::string_view text, size_t max_bytes = 200);

}  // namespace ecomdw
