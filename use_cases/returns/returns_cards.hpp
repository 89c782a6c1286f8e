#pragma once
// The Returns cards: one card per step of the draft (widgets/*.widget, ChatKit Studio templates
// embedded in the binary and rendered through the kit), plus the history card and the one-line
// note an older step's card becomes. Every card of the flow has the id "returns-card" and names the
// draft and the revision it shows in each of its actions' payloads: a click from an older revision
// is stale (returns_flow.hpp).
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "server/kit/widget_templates.hpp"
#include "use_cases/returns/returns.hpp"
#include "use_cases/returns/returns_rules.hpp"

namespace chatkit::use_cases::returns {

inline constexpr std::string_view kFlowCardId = "returns-card";
inline constexpr std::string_view kHistoryCardId = "returns-history";

// What a step's card shows besides the draft, read from the store (ReturnsFlow::facts).
struct CardFacts {
  Draft draft;
  std::optional<Customer> customer;
  std::vector<Order> orders;            // the customer's
  std::vector<std::int64_t> returned;   // lines already in a return
  std::int64_t today = 0;
  RefundQuote quote;
  std::optional<ReturnRecord> created;  // the draft's return, once created
};

class ReturnsCards {
 public:
  // The embedded templates, parsed (a broken one is an error naming it).
  static Result<ReturnsCards> load();

  // The card of the draft's step.
  Result<nlohmann::json> step_card(const CardFacts& facts) const;
  Result<nlohmann::json> history_card(const std::vector<ReturnRecord>& records) const;
  // What an older step's card becomes once a newer one is shown.
  Result<nlohmann::json> earlier_card() const;

  const server::kit::WidgetTemplates& templates() const { return templates_; }

 private:
  explicit ReturnsCards(server::kit::WidgetTemplates templates) : templates_(std::move(templates)) {}
  server::kit::WidgetTemplates templates_;
};

// The template and its data for the draft's step (public for the tests).
struct CardData {
  std::string_view template_name;
  nlohmann::json data;
};
CardData step_card_data(const CardFacts& facts);

bool is_flow_card(const nlohmann::json& widget);
// The labels the cards and the replies use: "Arrived damaged", "Refund", "Drop off at a store".
std::string option_label(const std::vector<Option>& options, std::string_view id);
// "Wireless Headphones, Desk Lamp": the draft's chosen lines of `order`.
std::string chosen_names(const Draft& draft, const Order& order);
// What happens after the return was created, for its shipping option.
std::string next_after(std::string_view shipping);

}  // namespace chatkit::use_cases::returns
