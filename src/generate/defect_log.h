// The list of injected defects of one partition day, as written to the
// truth's defects/dt=YYYY-MM-DD.csv (docs/raw_zone.md sections 6 and 7).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ecomdw::generate {

enum class DefectClass : uint8_t {
  kNone = 0,
  kDuplicate,
  kResent,
  kMalformed,
  kMissingRequired,
  kInvalidEmail,
  kInvalidCountry,
  kUnknownCurrency,
  kLateArrival,
  kUnknownCustomer,
  kUnknownSku,
  kEmptyObject,
  kZeroByteObject,
};
std::string_view DefectClassName(DefectClass c);

struct DefectEntry {
  DefectClass defect_class;
  std::string source;      // webshop, marketplace, crm, pim
  std::string object_key;
  int64_t line;            // 1-based line (row for Parquet); 0 = whole object
  std::string business_key;
  std::string detail;
};

class DefectLog {
 public:
  void Add(DefectClass c, std::string_view source, std::string_view key, int64_t line,
           std::string business_key, std::string detail = {});
  const std::vector<DefectEntry>& entries() const { return entries_; }
  // The CSV text of the truth file, header included.
  std::string ToCsv() const;

 private:
  std::vector<DefectEntry> entries_;
};

}  // namespace ecomdw::generate
