#include "use_cases/returns/returns_cards.hpp"

#include <algorithm>

namespace chatkit::embedded {
extern const std::span<const chatkit::server::kit::EmbeddedFile> returns_widgets;
}  // namespace chatkit::embedded

namespace chatkit::use_cases::returns {

namespace {

using nlohmann::json;

const Order* find_order(const CardFacts& facts, const std::string& number) {
  const auto found = std::find_if(facts.orders.begin(), facts.orders.end(), [&](const Order& o) { return o.number == number; });
  return found == facts.orders.end() ? nullptr : &*found;
}

bool contains(const std::vector<std::int64_t>& ids, std::int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

json with_ref(const Draft& draft, json data) {
  data["draft"] = draft.id;
  data["rev"] = draft.rev;
  return data;
}

json options_json(const std::vector<Option>& options) {
  json out = json::array();
  for (const auto& o : options) out.push_back({{"id", o.id}, {"label", o.label}, {"description", o.description}});
  return out;
}

std::string delivery_text(const Order& order) {
  return order.delivered_day ? "Delivered " + iso_date(*order.delivered_day) : std::string("On its way");
}

std::string product_names(const Order& order) {
  std::string names;
  for (const auto& line : order.lines) names += (names.empty() ? "" : ", ") + line.product.name;
  return names;
}

json orders_data(const CardFacts& facts) {
  json orders = json::array();
  for (const auto& order : facts.orders) {
    orders.push_back({{"number", order.number}, {"delivery", delivery_text(order)}, {"items", product_names(order)}});
  }
  const Customer& c = *facts.customer;
  return {{"customer", {{"name", c.name}, {"email", c.email}, {"phone", c.phone}}}, {"orders", std::move(orders)}};
}

json items_data(const CardFacts& facts, const Order& order) {
  json items = json::array();
  for (const auto& line : order.lines) {
    const Eligibility verdict = eligibility(order, line, facts.today, contains(facts.returned, line.id));
    items.push_back({{"id", line.id},
                     {"name", line.product.name},
                     {"quantity", line.quantity},
                     {"price", money(line.unit_price_cents * line.quantity)},
                     {"why", verdict.why},
                     {"eligible", verdict.eligible},
                     {"chosen", contains(facts.draft.line_ids, line.id)}});
  }
  return {{"order_number", order.number}, {"items", std::move(items)}, {"any_chosen", !facts.draft.line_ids.empty()}};
}

json shipping_data() {
  json options = json::array();
  for (const auto& o : shipping_options()) {
    options.push_back({{"id", o.id}, {"label", o.label}, {"description", o.description},
                       {"cost", o.cost_cents == 0 ? std::string("free") : money(o.cost_cents)}});
  }
  return {{"note", "Return shipping is free when the item arrived damaged, faulty, wrong or not as described."},
          {"options", std::move(options)}};
}

json summary_data(const CardFacts& facts, const Order& order) {
  const Draft& d = facts.draft;
  const RefundQuote& q = facts.quote;
  json facts_rows = json::array({
      {{"label", "Items"}, {"value", chosen_names(d, order)}},
      {{"label", "Reason"}, {"value", option_label(return_reasons(), d.reason)}},
      {{"label", "Resolution"}, {"value", option_label(resolution_options(), d.resolution)}},
      {{"label", "Shipping"}, {"value", option_label(shipping_options(), d.shipping)}},
  });
  json quote = json::array({{{"label", "Items"}, {"amount", money(q.items_cents)}}});
  if (q.restocking_cents > 0) quote.push_back({{"label", "Restocking fee"}, {"amount", money(-q.restocking_cents)}});
  if (q.shipping_cents > 0) quote.push_back({{"label", "Return shipping"}, {"amount", money(-q.shipping_cents)}});
  if (q.bonus_cents > 0) quote.push_back({{"label", "Store credit bonus"}, {"amount", money(q.bonus_cents)}});
  const std::string customer = facts.customer ? facts.customer->name + " · " + facts.customer->email : "";
  return {{"order_number", order.number}, {"customer", customer}, {"facts", std::move(facts_rows)},
          {"quote", std::move(quote)}, {"total", money(q.total_cents)}, {"paid_as", q.paid_as}};
}

json confirmation_data(const CardFacts& facts) {
  const ReturnRecord& r = *facts.created;
  const std::string amount = r.resolution == "exchange"
                                 ? std::string("A replacement is sent once it arrives")
                                 : money(r.amount_cents) + (r.resolution == "refund" ? " refund to the original payment"
                                                                                     : " in store credit");
  return {{"rma", r.rma},
          {"items", r.item_names + " from order #" + r.order_number},
          {"amount", amount},
          {"next", next_after(r.shipping)}};
}

}  // namespace

std::string option_label(const std::vector<Option>& options, std::string_view id) {
  const Option* option = find_option(options, id);
  return option ? option->label : std::string(id);
}

std::string chosen_names(const Draft& draft, const Order& order) {
  std::string names;
  for (const auto& line : order.lines) {
    if (contains(draft.line_ids, line.id)) names += (names.empty() ? "" : ", ") + line.product.name;
  }
  return names;
}

std::string next_after(std::string_view shipping) {
  if (shipping == "pickup") return "A courier will contact you within two working days to collect the parcel.";
  if (shipping == "mail") return "The prepaid label is in your e-mail: post the parcel within 14 days.";
  return "Bring the items to any of our stores within 14 days.";
}

bool is_flow_card(const json& widget) { return widget.is_object() && widget.value("id", "") == kFlowCardId; }

CardData step_card_data(const CardFacts& facts) {
  const Draft& d = facts.draft;
  const Step step = next_step(d);
  const Order* order = d.order_number.empty() ? nullptr : find_order(facts, d.order_number);
  if (step == Step::created && facts.created) return {"confirmation", confirmation_data(facts)};
  if (step == Step::cancelled || step == Step::created) return {"cancelled", json::object()};
  if (step == Step::customer || !facts.customer) return {"lookup", with_ref(d, json::object())};
  if (step == Step::order || order == nullptr) return {"orders", with_ref(d, orders_data(facts))};
  switch (step) {
    case Step::items: return {"items", with_ref(d, items_data(facts, *order))};
    case Step::reason:
      return {"reason", with_ref(d, {{"items", chosen_names(d, *order)},
                                     {"reasons", options_json(return_reasons())},
                                     {"chosen", d.reason}})};
    case Step::resolution: return {"resolution", with_ref(d, {{"options", options_json(resolution_options())}})};
    case Step::incentive:
      return {"incentive", with_ref(d, {{"offer", incentive_text(facts.quote.items_cents)},
                                        {"credit", money(facts.quote.items_cents +
                                                         facts.quote.items_cents * kStoreCreditBonusPercent / 100)}})};
    case Step::shipping: return {"shipping", with_ref(d, shipping_data())};
    default: return {"summary", with_ref(d, summary_data(facts, *order))};
  }
}

Result<ReturnsCards> ReturnsCards::load() {
  auto templates = server::kit::WidgetTemplates::parse(embedded::returns_widgets);
  if (!templates) return templates.error();
  return ReturnsCards(std::move(*templates));
}

Result<json> ReturnsCards::step_card(const CardFacts& facts) const {
  const CardData card = step_card_data(facts);
  return templates_.render(card.template_name, card.data);
}

Result<json> ReturnsCards::history_card(const std::vector<ReturnRecord>& records) const {
  json rows = json::array();
  for (const auto& r : records) {
    const std::string amount = r.resolution == "exchange" ? std::string("exchange")
                                                          : money(r.amount_cents) + " " +
                                                                (r.resolution == "refund" ? "refund" : "credit");
    rows.push_back({{"rma", r.rma}, {"order_number", r.order_number}, {"items", r.item_names},
                    {"created", iso_date(r.created_day)}, {"amount", amount}});
  }
  return templates_.render("history", {{"returns", std::move(rows)}});
}

Result<json> ReturnsCards::earlier_card() const {
  return templates_.render("earlier", json::object());
}

}  // namespace chatkit::use_cases::returns
