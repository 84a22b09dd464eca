#include "generate/defect_log.h"

#include "generate/text_format.h"

namespace ecomdw::generate {

std::string_view DefectClassName(DefectClass c) {
  switch (c) {
    case DefectClass::kNone: return "none";
    case DefectClass::kDuplicate: return "duplicate";
    case DefectClass::kResent: return "resent";
    case DefectClass::kMalformed: return "malformed";
    case DefectClass::kMissingRequired: return "missing_required";
    case DefectClass::kInvalidEmail: return "invalid_email";
    case DefectClass::kInvalidCountry: return "invalid_country";
    case DefectClass::kUnknownCurrency: return "unknown_currency";
    case DefectClass::kLateArrival: return "late_arrival";
    case DefectClass::kUnknownCustomer: return "unknown_customer";
    case DefectClass::kUnknownSku: return "unknown_sku";
    case DefectClass::kEmptyObject: return "empty_object";
    case DefectClass::kZeroByteObject: return "zero_byte_object";
  }
  return "?";
}

void DefectLog::Add(DefectClass c, std::string_view source, std::string_view key, int64_t line,
                    std::string business_key, std::string detail) {
  entries_.push_back(DefectEntry{c, std::string(source), std::string(key), line, std::move(business_key),
                                 std::move(detail)});
}

std::string DefectLog::ToCsv() const {
  std::string out = "defect_class,source,object_key,line,business_key,detail\n";
  for (const DefectEntry& e : entries_) {
    CsvRow row(&out);
    row.Field(DefectClassName(e.defect_class));
    row.Field(e.source);
    row.Field(e.object_key);
    row.Int(e.line);
    row.Field(e.business_key);
    row.Field(e.detail);
    row.End();
  }
  return out;
}

}  // namespace ecomdw::generate
