// Serialisers of the dimension and reference sources of one day: CRM
// customers CSV, campaigns JSON, campaign spend CSV and FX rates CSV
// (docs/raw_zone.md 4.3, 4.5–4.7). PIM Parquet is in parquet_writer.h.
#pragma once

#include <string>
#include <vector>

#include "generate/campaigns.h"
#include "generate/customers.h"
#include "generate/defect_log.h"
#include "generate/fx.h"
#include "generate/options.h"

namespace ecomdw::generate {

inline constexpr const char* kCrmHeader =
    "customer_id,email,first_name,last_name,phone,street,city,postal_code,country,segment,signup_date,"
    "marketing_opt_in,updated_at\n";

// The CRM export of day index d, with exact duplicates and truncated rows
// added and every defect logged against `key`.
std::string CrmText(const GenerateOptions& options, int32_t d, const CustomerModel& customers,
                    const std::vector<CrmRow>& rows, const std::string& key, DefectLog* log);

// A JSON array of the campaigns, one object per line.
std::string CampaignsJson(int32_t start_day, const std::vector<Campaign>& campaigns);
std::string SpendCsv(int32_t day, const std::vector<SpendRow>& rows);
std::string FxCsv(int32_t day, int32_t d, const FxModel& fx);

}  // namespace ecomdw::generate
