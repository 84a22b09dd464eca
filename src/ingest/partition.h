// Hive-style partition values in object keys ("…/dt=2024-01-31/…").
#pragma once

#include <optional>
#include <string_view>

#include "warehouse/value.h"

namespace ecomdw::ingest {

// The date of the first "dt=YYYY-MM-DD" path segment of `key`, or nullopt
// when there is none or it is not a real calendar date.
std::optional<warehouse::Date> PartitionDateFromKey(std::string_view key);

}  // namespace ecomdw::ingest
