#include <filesystem>

#include "objectstore/local_store.h"
#include "objectstore/object_store.h"
#include "objectstore/s3_store.h"

namespace ecomdw::objectstore {

Result<std::unique_ptr<ObjectStore>> OpenObjectStore(std::string_view uri) {
  constexpr std::string_view kFile = "file://";
  constexpr std::string_view kS3 = "s3://";
  if (uri.substr(0, kFile.size()) == kFile) {
    std::string path(uri.substr(kFile.size()));
    if (path.empty()) return Status::InvalidArgument("bucket URI \"{}\" names no folder", uri);
    return OpenLocalStore(std::filesystem::absolute(path).lexically_normal());
  }
  if (uri.substr(0, kS3.size()) == kS3) {
    return OpenS3Store(uri, ProcessEnv());
  }
  return Status::InvalidArgument("bucket URI \"{}\": expected file://PATH or s3://BUCKET", uri);
}

}  // namespace ecomdw::objectstore
