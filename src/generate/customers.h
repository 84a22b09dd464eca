// The CRM's customers: sign-ups, moves and segment changes day by day, the
// CRM rows that land in each day's export (with their quarantine-causing
// defects decided), and the valid rows the SCD2 truth is built from.
//
// Advance days in order 0, 1, 2 … with AdvanceDay; state is a function of
// (seed, scale, start, rates) and the day only. Names, e-mails and addresses
// are derived from (seed, id, address_seq) instead of being stored.
#pragma once

#include <climits>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "generate/defect_log.h"
#include "generate/options.h"
#include "generate/rng.h"

namespace ecomdw::generate {

struct CustomerState {
  int32_t signup_day = 0;  // days since epoch
  int64_t updated_at = 0;  // ts of the last tracked or type-1 change
  uint32_t address_seq = 0;
  uint8_t country = 0;
  uint8_t segment = 0;
  bool opt_in = false;
  bool arrived = false;                 // some CRM row (valid or not) has landed
  int32_t first_valid_day = INT32_MAX;  // day index of the first valid CRM row
};

// One row of a CRM export, frozen at export time.
struct CrmRow {
  uint32_t id;
  CustomerState state;
  DefectClass defect = DefectClass::kNone;  // missing_required, invalid_email, invalid_country
  uint8_t variant = 0;
};

class CustomerModel {
 public:
  CustomerModel(const GenerateOptions& options, const ScaleCounts& counts);

  // Day index d: sign-ups, changes, re-exports; `rows` gets the CRM rows of
  // day d's export sorted by id. REQUIRES: called for d = 0, 1, 2 … in order.
  void AdvanceDay(int32_t d, std::vector<CrmRow>* rows);

  int64_t size() const { return static_cast<int64_t>(customers_.size()); }
  const CustomerState& at(uint32_t id) const { return customers_[id]; }
  // Ids [new_begin, size()) signed up on the last advanced day.
  uint32_t new_begin() const { return new_begin_; }

  // Derived attributes (stable for the customer's life).
  std::string CustomerId(uint32_t id) const;
  std::string Email(uint32_t id) const;
  std::string FirstName(uint32_t id) const;
  std::string LastName(uint32_t id) const;
  std::string Phone(uint32_t id) const;
  std::string Street(uint32_t id, uint32_t address_seq) const;
  std::string City(uint32_t id, const CustomerState& s) const;
  std::string PostalCode(uint32_t id, uint32_t address_seq) const;
  // `email` damaged according to `variant` so that it fails the e-mail rule.
  static std::string BreakEmail(const std::string& email, uint8_t variant);

  // Valid CRM rows in landing order (for the SCD2 truth).
  struct ValidRow {
    uint32_t id;
    CustomerState state;
  };
  const std::vector<ValidRow>& valid_rows() const { return valid_rows_; }

 private:
  void InitDayZero(Rng& rng);
  void Export(uint32_t id, int32_t d, bool clean, Rng& defect_rng, std::vector<CrmRow>* rows);

  GenerateOptions options_;
  ScaleCounts counts_;
  DefectRates rates_;
  std::vector<CustomerState> customers_;
  std::map<int32_t, std::vector<uint32_t>> pending_;  // day -> clean re-exports
  std::vector<ValidRow> valid_rows_;
  uint32_t new_begin_ = 0;
};

}  // namespace ecomdw::generate
