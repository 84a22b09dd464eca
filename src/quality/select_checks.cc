// --select for checks: by check name, short name, schema.table or table.
#include <set>

#include "quality/checks.h"

namespace ecomdw::quality {

Result<std::vector<Check>> SelectChecks(const std::vector<Check>& checks, const std::vector<std::string>& select) {
  if (select.empty()) return checks;
  std::vector<Check> out;
  std::set<std::string> matched;
  for (const Check& c : checks) {
    bool take = false;
    for (const std::string& s : select) {
      if (s == c.name || s == c.short_name() || s == c.table_name() || s == c.table) {
        take = true;
        matched.insert(s);
      }
    }
    if (take) out.push_back(c);
  }
  for (const std::string& s : select) {
    if (!matched.count(s)) {
      return Status::InvalidArgument("select: \"{}\" matches no check (give a check name, schema.table or table)", s);
    }
  }
  return out;
}

}  // namespace ecomdw::quality
