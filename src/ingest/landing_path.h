// Where an object lands: <landing_dir>/<batch id>/<key, made safe>.
//
// The landed path is handed to the engine's file readers (read_parquet,
// read_csv …) as a string. Those readers treat `*`, `?`, `[` and `{` as glob
// patterns and `~` as the home folder, so a key such as
// "products/…/*.parquet" would make staging read every other object of the
// folder. The landing name therefore keeps only bytes that mean nothing to a
// reader or a shell ([A-Za-z0-9], "-_.=/ +,@") and writes every other byte,
// '%' included, as %XX: one key, one name, no two keys the same name.
// Segments or names too long for the file system (255 bytes a name) become
// a SHA-256 of the key under "%%long/", a folder no encoded key can name.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ecomdw::ingest {

// The landing name of `key` relative to its batch folder (see above).
// REQUIRES: ValidateObjectKey(key) is OK.
std::string LandingName(std::string_view key);

// batch_dir / LandingName(key), refused (InvalidArgument) if it would not
// stay under `batch_dir` — belt and braces on top of ValidateObjectKey.
Result<std::filesystem::path> LandingPath(const std::filesystem::path& batch_dir, const std::string& key);

}  // namespace ecomdw::ingest
