// Helpers for the generator's tests: run the generator into a fresh temp
// folder, hash a tree, list a source's objects, read a gzip object.
#pragma once

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/sql_quote.h"
#include "generate/generator.h"
#include "generate/gzip.h"
#include "warehouse/duckdb/duckdb_warehouse.h"

namespace ecomdw::generate::testing {

namespace fs = std::filesystem;

// A temp folder removed at the end of the test.
class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    path_ = fs::temp_directory_path() / ("ecomdw-gentest-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline GenerateOptions SmallOptions(const fs::path& root, int32_t days, DefectProfile profile) {
  GenerateOptions o;
  o.scale = 0.01;
  o.seed = 20240101;
  o.start_day = 19723;  // 2024-01-01
  o.days = days;
  o.defects = profile;
  o.drift_add_day = 3;
  o.drift_rename_day = 6;
  o.bucket_uri = "file://" + (root / "bucket").string();
  o.truth_dir = (root / "bucket.truth").string();
  return o;
}

inline std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string Sha256Hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof(buf), "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

// relative path -> SHA-256 of every file under `root`.
inline std::map<std::string, std::string> HashTree(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), root).string()] = Sha256Hex(ReadAll(e.path()));
  }
  return out;
}

// Files under root/prefix whose name ends with `suffix`, sorted.
inline std::vector<fs::path> ListFiles(const fs::path& root, const std::string& prefix, const std::string& suffix,
                                       bool skip_empty) {
  std::vector<fs::path> out;
  if (!fs::exists(root / prefix)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root / prefix)) {
    std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name.size() < suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    if (skip_empty && fs::file_size(e.path()) == 0) continue;
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ['a', 'b'] for DuckDB's read_* functions.
inline std::string SqlList(const std::vector<fs::path>& files) {
  std::string s = "[";
  for (size_t i = 0; i < files.size(); ++i) s += (i ? ", " : "") + QuoteLiteral(files[i].string());
  return s + "]";
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

inline std::string Gunzip(const fs::path& p) {
  auto r = GzipDecompress(ReadAll(p));
  EXPECT_TRUE(r.ok()) << p << ": " << r.status().ToString();
  return r.ok() ? *r : std::string();
}

inline std::unique_ptr<warehouse::Warehouse> Duck() {
  auto db = warehouse::OpenDuckDb(":memory:");
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return std::move(db).value();
}

inline int64_t ScalarInt(warehouse::Warehouse& db, const std::string& sql) {
  auto r = db.Query(sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString() << "\n" << sql;
  if (!r.ok() || r->rows.empty()) return -1;
  const auto& v = r->Scalar();
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  ADD_FAILURE() << "not an integer: " << warehouse::ValueToString(v);
  return -1;
}

// The webshop objects as one VARCHAR column `line` per JSON line, read by
// DuckDB's CSV reader (a tab never occurs unescaped in JSON).
inline std::string JsonLinesSql(const std::vector<fs::path>& files) {
  return "SELECT line, filename FROM read_csv(" + SqlList(files) +
         ", columns={'line':'VARCHAR'}, header=false, delim='\t', quote='', escape='', auto_detect=false, "
         "filename=true)";
}

// The valid JSON lines of the webshop objects as typed columns, plus rid.
inline std::string WebshopRecordsSql(const std::vector<fs::path>& files) {
  return "SELECT j.*, filename, row_number() OVER () AS rid FROM (SELECT from_json(line, '{\"order_id\":\"VARCHAR\","
         "\"channel\":\"VARCHAR\",\"customer_id\":\"VARCHAR\",\"order_ts\":\"VARCHAR\",\"updated_at\":\"VARCHAR\","
         "\"status\":\"VARCHAR\",\"currency\":\"VARCHAR\",\"shipping\":\"VARCHAR\",\"utm_code\":\"VARCHAR\","
         "\"coupon_code\":\"VARCHAR\",\"delivery_method\":\"VARCHAR\",\"lines\":[{\"line_number\":\"BIGINT\","
         "\"sku\":\"VARCHAR\",\"quantity\":\"BIGINT\",\"unit_price\":\"VARCHAR\",\"discount\":\"VARCHAR\","
         "\"tax\":\"VARCHAR\"}]}') AS j, filename FROM (" +
         JsonLinesSql(files) + ") WHERE json_valid(line))";
}

// defect_counts.csv as (class, source) -> count.
inline std::map<std::pair<std::string, std::string>, int64_t> DefectCounts(const fs::path& truth) {
  std::map<std::pair<std::string, std::string>, int64_t> out;
  auto lines = Lines(ReadAll(truth / "defect_counts.csv"));
  for (size_t i = 1; i < lines.size(); ++i) {
    size_t a = lines[i].find(','), b = lines[i].rfind(',');
    out[{lines[i].substr(0, a), lines[i].substr(a + 1, b - a - 1)}] = std::stoll(lines[i].substr(b + 1));
  }
  return out;
}

}  // namespace ecomdw::generate::testing
