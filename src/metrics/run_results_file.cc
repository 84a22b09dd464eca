#include "metrics/run_results_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "objectstore/file_util.h"

namespace ecomdw::metrics {

Result<std::optional<RunResultsFile>> ReadRunResults(const project::Project& project) {
  RunResultsFile out;
  out.file = project.config().project_dir / "run_results.json";
  struct stat st {};
  if (::stat(out.file.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::optional<RunResultsFile>();
    return Status::IOError("{}: {}", out.file.string(), std::strerror(errno));
  }
  ECOMDW_ASSIGN_OR_RETURN(std::string text, objectstore::ReadWholeFile(out.file));
  out.doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (out.doc.is_discarded()) return Status::DataError("{}: not JSON", out.file.string());
  out.written_at = static_cast<double>(st.st_mtim.tv_sec) + static_cast<double>(st.st_mtim.tv_nsec) / 1e9;
  return std::optional<RunResultsFile>(std::move(out));
}

}  // namespace ecomdw::metrics
