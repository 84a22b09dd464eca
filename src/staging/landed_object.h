// What the loader is handed: one ingested object, already verified and
// copied into the landing area.
#pragma once

#include <cstdint>
#include <string>

namespace ecomdw::staging {

struct LandedObject {
  std::string source;      // config source name, e.g. webshop_orders
  std::string key;         // bucket key
  std::string local_path;  // landed copy (never a partial file)
  std::string batch_id;  // the ingest batch (ops.ingest_batches)
  int64_t size = 0;        // bytes; 0 = a zero-byte object
};

}  // namespace ecomdw::staging
