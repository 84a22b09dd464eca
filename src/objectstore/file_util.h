// Small file helpers with all-or-nothing semantics, for the object stores and
// the landing area.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ecomdw::objectstore {

// Temporary files are named "<name>.ecomdw-tmp-<pid>-<n>"; listings skip them.
bool IsTemporaryName(std::string_view name);
std::filesystem::path TemporaryNameFor(const std::filesystem::path& target);

// Writes to a temporary name in the same folder, fsyncs, then renames onto
// `path`, creating parent folders as needed.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes);
Status CopyFileAtomically(const std::filesystem::path& from, const std::filesystem::path& to);
// Copies everything readable from the open descriptor `fd` (from its current
// offset) to `to`, all-or-nothing like WriteFileAtomically; `copied`
// receives the byte count.
Status CopyFdAtomically(int fd, const std::filesystem::path& to, int64_t* copied);
Result<std::string> ReadWholeFile(const std::filesystem::path& path);

}  // namespace ecomdw::objectstore
