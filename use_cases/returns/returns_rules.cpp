#include "use_cases/returns/returns_rules.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace chatkit::use_cases::returns {

namespace {

bool chosen(const Draft& draft, std::int64_t line_id) {
  return std::find(draft.line_ids.begin(), draft.line_ids.end(), line_id) != draft.line_ids.end();
}

std::int64_t percent_of(std::int64_t cents, int percent) { return cents * percent / 100; }

}  // namespace

const std::vector<Option>& return_reasons() {
  static const std::vector<Option> reasons = {
      {"damaged", "Arrived damaged", "The item or its box was broken on arrival", 0},
      {"defective", "Doesn't work", "It stopped working or never worked", 0},
      {"wrong_item", "Wrong item sent", "Not what was ordered", 0},
      {"not_as_described", "Not as described", "Different from the product page", 0},
      {"doesnt_fit", "Doesn't fit", "Wrong size or fit", 0},
      {"changed_mind", "Changed my mind", "No longer wanted", 0},
  };
  return reasons;
}

const std::vector<Option>& resolution_options() {
  static const std::vector<Option> resolutions = {
      {"refund", "Refund", "Money back to the original payment", 0},
      {"exchange", "Exchange", "The same item again, or another size or colour", 0},
      {"store_credit", "Store credit", "Credit to spend in the shop, available at once", 0},
  };
  return resolutions;
}

const std::vector<Option>& shipping_options() {
  static const std::vector<Option> shipping = {
      {"dropoff", "Drop off at a store", "Bring it to any of our stores, free", 0},
      {"pickup", "Courier pickup", "A courier collects it from your address", 799},
      {"mail", "Mail it with a prepaid label", "Print the label and post the parcel", 499},
  };
  return shipping;
}

const Option* find_option(const std::vector<Option>& options, std::string_view id) {
  const auto found = std::find_if(options.begin(), options.end(), [&](const Option& o) { return o.id == id; });
  return found == options.end() ? nullptr : &*found;
}

bool shop_at_fault(std::string_view reason) {
  return reason == "damaged" || reason == "defective" || reason == "wrong_item" || reason == "not_as_described";
}

Eligibility eligibility(const Order& order, const OrderLine& line, std::int64_t today, bool already_returned) {
  const Policy& policy = line.product.policy;
  if (already_returned) return {.eligible = false, .why = "already being returned", .last_day = 0};
  if (!policy.returnable) return {.eligible = false, .why = "final sale, not returnable", .last_day = 0};
  if (!order.delivered_day) return {.eligible = false, .why = "not delivered yet", .last_day = 0};
  const std::int64_t last_day = *order.delivered_day + policy.window_days;
  const std::int64_t days_ago = today - *order.delivered_day;
  if (today > last_day) {
    return {.eligible = false,
            .why = "delivered " + std::to_string(days_ago) + " days ago (" + std::to_string(policy.window_days) +
                   "-day window)",
            .last_day = last_day};
  }
  return {.eligible = true, .why = "returnable until " + iso_date(last_day), .last_day = last_day};
}

Step next_step(const Draft& draft) {
  if (draft.status == DraftStatus::created) return Step::created;
  if (draft.status == DraftStatus::cancelled) return Step::cancelled;
  if (draft.customer_id == 0) return Step::customer;
  if (draft.order_number.empty()) return Step::order;
  if (draft.line_ids.empty() || !draft.items_confirmed) return Step::items;
  if (draft.reason.empty()) return Step::reason;
  if (draft.resolution.empty()) return Step::resolution;
  if (draft.resolution == "refund" && draft.incentive.empty()) return Step::incentive;
  if (draft.shipping.empty()) return Step::shipping;
  return Step::summary;
}

std::string_view step_name(Step step) {
  switch (step) {
    case Step::customer: return "customer";
    case Step::order: return "order";
    case Step::items: return "items";
    case Step::reason: return "reason";
    case Step::resolution: return "resolution";
    case Step::incentive: return "incentive";
    case Step::shipping: return "shipping";
    case Step::summary: return "summary";
    case Step::created: return "created";
    case Step::cancelled: return "cancelled";
  }
  return "customer";
}

std::string incentive_text(std::int64_t items_cents) {
  return "Take store credit instead of a refund and get " + std::to_string(kStoreCreditBonusPercent) + "% extra (" +
         money(percent_of(items_cents, kStoreCreditBonusPercent)) + "), with no restocking fee.";
}

RefundQuote quote_refund(const Draft& draft, const std::vector<OrderLine>& lines) {
  RefundQuote quote;
  const bool at_fault = shop_at_fault(draft.reason);
  for (const auto& line : lines) {
    if (!chosen(draft, line.id)) continue;
    const std::int64_t cents = line.unit_price_cents * line.quantity;
    quote.items_cents += cents;
    // The fee is for changing one's mind about an opened item, and only when money goes back.
    if (!at_fault && draft.resolution == "refund") {
      quote.restocking_cents += percent_of(cents, line.product.policy.restocking_percent);
    }
  }
  if (const Option* shipping = find_option(shipping_options(), draft.shipping); shipping && !at_fault) {
    quote.shipping_cents = shipping->cost_cents;
  }
  if (draft.resolution == "exchange") {
    quote.paid_as = "replacement";
    quote.total_cents = 0;
    return quote;
  }
  if (draft.incentive == "accepted") quote.bonus_cents = percent_of(quote.items_cents, kStoreCreditBonusPercent);
  quote.paid_as = draft.resolution == "refund" ? "refund to the original payment" : "store credit";
  quote.total_cents =
      std::max<std::int64_t>(0, quote.items_cents - quote.restocking_cents - quote.shipping_cents + quote.bonus_cents);
  return quote;
}

std::string money(std::int64_t cents) {
  const char* sign = cents < 0 ? "-" : "";
  const std::int64_t magnitude = cents < 0 ? -cents : cents;
  char text[48];
  std::snprintf(text, sizeof text, "%s$%lld.%02lld", sign, static_cast<long long>(magnitude / 100),
                static_cast<long long>(magnitude % 100));
  return text;
}

std::string iso_date(std::int64_t day) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{day}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

}  // namespace chatkit::use_cases::returns
