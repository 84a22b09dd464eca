// The file:// ObjectStore: a local folder laid out exactly like the bucket.
#pragma once

#include <filesystem>
#include <memory>

#include "objectstore/object_store.h"

namespace ecomdw::objectstore {

// `root` need not exist yet; Put() creates folders as needed.
std::unique_ptr<ObjectStore> OpenLocalStore(std::filesystem::path root);

}  // namespace ecomdw::objectstore
