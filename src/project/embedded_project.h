// The built-in ecommerce project (the repository's project/ folder), compiled
// into the binary by cmake/embed_project.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace ecomdw::project {

struct EmbeddedFile {
  std::string_view path;  // relative, e.g. "models/core/fact_orders.sql"
  std::string_view content;
};

// Every file of the built-in project, sorted by path.
const std::vector<EmbeddedFile>& BuiltInProjectFiles();

}  // namespace ecomdw::project
