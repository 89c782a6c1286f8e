#pragma once
// The shop's rules, with no storage and no clock of their own: which lines may be returned and
// until when, the reasons, resolutions and shipping options offered, the retention incentive, the
// refund a draft comes to, and which step a draft is at. Tools, cards and actions all ask here,
// so a click and a sentence can never be judged differently.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "use_cases/returns/returns.hpp"

namespace chatkit::use_cases::returns {

struct Option {
  std::string id;
  std::string label;
  std::string description;
  std::int64_t cost_cents = 0;  // shipping options: what the customer pays when the shop is not at fault
};

const std::vector<Option>& return_reasons();
const std::vector<Option>& resolution_options();
const std::vector<Option>& shipping_options();
// The option with this id, or null.
const Option* find_option(const std::vector<Option>& options, std::string_view id);

// Damaged, defective, wrong item or not as described: no restocking fee, free return shipping.
bool shop_at_fault(std::string_view reason);

struct Eligibility {
  bool eligible = false;
  std::string why;            // "returnable until 2026-12-10", "final sale", "delivered 40 days ago (30-day window)"
  std::int64_t last_day = 0;  // the window's last day, when there is one
};
Eligibility eligibility(const Order& order, const OrderLine& line, std::int64_t today, bool already_returned);

// The step a draft is at: the first question it has no answer to.
Step next_step(const Draft& draft);
std::string_view step_name(Step step);

// What a customer who asked for a refund is offered to take store credit instead.
inline constexpr int kStoreCreditBonusPercent = 10;
std::string incentive_text(std::int64_t items_cents);

struct RefundQuote {
  std::int64_t items_cents = 0;
  std::int64_t restocking_cents = 0;
  std::int64_t shipping_cents = 0;
  std::int64_t bonus_cents = 0;
  std::int64_t total_cents = 0;  // what the customer gets back (0 for an exchange)
  std::string paid_as;           // "refund to the original payment", "store credit", "replacement"
};
// The quote for the draft's chosen lines (`lines` holds at least them).
RefundQuote quote_refund(const Draft& draft, const std::vector<OrderLine>& lines);

std::string money(std::int64_t cents);   // "$129.00"
std::string iso_date(std::int64_t day);  // "2026-11-27"

}  // namespace chatkit::use_cases::returns
