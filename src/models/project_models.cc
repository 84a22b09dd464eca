#include "models/project_models.h"

#include <algorithm>

#include "models/dependencies.h"
#include "objectstore/file_util.h"
#include "warehouse/engine_adapter.h"

namespace ecomdw::models {
namespace fs = std::filesystem;

Result<ModelGraph> LoadProjectModels(const fs::path& project_dir, warehouse::Warehouse& parser) {
  fs::path root = project_dir / "models";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return Status::InvalidArgument("{}: no models/ folder", project_dir.string());
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".sql") files.push_back(it->path());
  }
  if (ec) return Status::IOError("listing {}: {}", root.string(), ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Model> models;
  for (const fs::path& file : files) {
    std::string rel = fs::relative(file, project_dir).generic_string();
    ECOMDW_ASSIGN_OR_RETURN(std::string text, objectstore::ReadWholeFile(file));
    ECOMDW_ASSIGN_OR_RETURN(Model m, ParseModelFile(rel, text));
    // Macros are checked here, once per model (an unknown one names the file
    // and line), and expanded for the parser's engine to find the inputs;
    // Materialize expands them again for the engine the model runs on.
    ECOMDW_ASSIGN_OR_RETURN(const warehouse::SqlDialect* dialect, warehouse::DialectNamed(parser.dialect()));
    ECOMDW_ASSIGN_OR_RETURN(std::string expanded, warehouse::ExpandMacros(m.sql, rel, *dialect));
    Result<std::vector<std::string>> reads = TablesReadBy(parser, expanded);
    if (!reads.ok()) return reads.status().WithContext(rel);
    m.reads = std::move(reads).value();
    models.push_back(std::move(m));
  }
  return ModelGraph::Build(std::move(models));
}

}  // namespace ecomdw::models
