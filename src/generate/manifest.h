// truth/manifest.json: the arguments of the run and the last generated day,
// read back by `--append-day` so an append continues exactly the same world.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.h"
#include "generate/options.h"

namespace ecomdw::generate {

std::string ManifestJson(const GenerateOptions& options);

// Reads <truth_dir>/manifest.json into options (bucket_uri and truth_dir are
// left to the caller). NotFound without a manifest, Corruption when it does
// not parse or lacks a field.
Result<GenerateOptions> ReadManifest(const std::filesystem::path& truth_dir);

}  // namespace ecomdw::generate
