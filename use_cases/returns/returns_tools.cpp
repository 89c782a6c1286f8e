#include "use_cases/returns/returns_tools.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "server/kit/failures.hpp"
#include "use_cases/returns/returns_rules.hpp"

namespace chatkit::use_cases {

namespace {

using nlohmann::json;
using returns::CardFacts;
using returns::Draft;
using returns::Option;
using returns::Order;
using returns::ReturnsFlow;
using returns::StepCall;
using returns::StepOutcome;
using server::Tool;
using server::ToolError;
using server::ToolInvocation;
using server::kit::must;

// What a tool's handler is given: the flow and the store, whose call it is, and its arguments.
struct Call {
  ReturnsFlow& flow;
  ReturnsStore& store;
  const StepCall& step;
  const json& arguments;
};
using Handler = std::function<json(const Call&)>;
enum class Shows { step_card, history, nothing };

json object_schema(json properties, json required) {
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)},
          {"additionalProperties", false}};
}
json text_schema(std::string description) {
  return {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}, {"description", std::move(description)}};
}
json enum_schema(const std::vector<Option>& options, std::string description) {
  json ids = json::array();
  for (const auto& o : options) ids.push_back(o.id);
  return {{"type", "string"}, {"enum", std::move(ids)}, {"description", std::move(description)}};
}
json order_schema() { return text_schema("The order number, e.g. \"1002\""); }

json options_json(const std::vector<Option>& options) {
  json out = json::array();
  for (const auto& o : options) {
    json option = {{"id", o.id}, {"label", o.label}, {"description", o.description}};
    if (o.cost_cents > 0) option["cost"] = returns::money(o.cost_cents) + " (free when the shop is at fault)";
    out.push_back(std::move(option));
  }
  return out;
}

// The draft after a step, or the step's refusal as a tool error the model can correct.
json moved(const Call& call, const StepOutcome& outcome) {
  if (!outcome.ok()) throw ToolError(outcome.problem);
  return {{"draft", returns::draft_json(call.flow.facts(call.step.user, outcome.draft))}};
}

Draft current(const Call& call) {
  return must(call.store.current_draft(call.step.user, call.step.thread_id), "reading the return");
}

json line_json(const Order& order, const returns::OrderLine& line, std::int64_t today, bool returned) {
  const auto verdict = returns::eligibility(order, line, today, returned);
  return {{"line_id", line.id}, {"name", line.product.name}, {"category", line.product.category},
          {"quantity", line.quantity}, {"price", returns::money(line.unit_price_cents * line.quantity)},
          {"policy", line.product.policy.name}, {"eligible", verdict.eligible}, {"why", verdict.why}};
}

json order_json(const Call& call, const Order& order) {
  const auto returned = must(call.store.returned_line_ids(call.step.user), "reading the returns");
  json lines = json::array();
  for (const auto& line : order.lines) {
    const bool already = std::find(returned.begin(), returned.end(), line.id) != returned.end();
    lines.push_back(line_json(order, line, call.store.today(), already));
  }
  return {{"order_number", order.number},
          {"placed", returns::iso_date(order.placed_day)},
          {"delivered", order.delivered_day ? json(returns::iso_date(*order.delivered_day)) : json("not yet")},
          {"lines", std::move(lines)}};
}

Order order_of(const Call& call, const std::string& number) {
  auto order = must(call.store.order(call.step.user, number), "reading the order");
  if (!order) throw ToolError("there is no order " + number);
  return std::move(*order);
}

std::string text_arg(const Call& call, const char* name) { return call.arguments.at(name).get<std::string>(); }

// ---- The tools ------------------------------------------------------------------------------

json start_return(const Call& call) {
  const Draft draft = current(call);
  const bool fresh = draft.status == returns::DraftStatus::open && draft.customer_id == 0;
  const Draft started = fresh ? draft : must(call.store.start_draft(call.step.user, call.step.thread_id), "starting");
  return {{"draft", returns::draft_json(call.flow.facts(call.step.user, started))}};
}

json lookup_customer(const Call& call) {
  const StepOutcome outcome = call.flow.lookup(call.step, text_arg(call, "query"));
  json out = moved(call, outcome);
  json orders = json::array();
  for (const auto& order : must(call.store.orders(call.step.user, outcome.draft.customer_id), "reading the orders")) {
    orders.push_back(order_json(call, order));
  }
  out["orders"] = std::move(orders);
  return out;
}

json list_orders(const Call& call) {
  const Draft draft = current(call);
  if (draft.customer_id == 0) throw ToolError("no customer yet: call lookup_customer with their e-mail, phone or order number");
  json orders = json::array();
  for (const auto& order : must(call.store.orders(call.step.user, draft.customer_id), "reading the orders")) {
    orders.push_back(order_json(call, order));
  }
  return {{"orders", std::move(orders)}, {"draft", returns::draft_json(call.flow.facts(call.step.user, draft))}};
}

json list_returnable_items(const Call& call) {
  const std::string number = text_arg(call, "order_number");
  const Order order = order_of(call, number);
  const StepOutcome outcome = call.flow.choose_order(call.step, number);
  json out = moved(call, outcome);
  out["order"] = order_json(call, order);
  return out;
}

json check_eligibility(const Call& call) {
  const Order order = order_of(call, text_arg(call, "order_number"));
  json out = order_json(call, order);
  if (call.arguments.contains("line_id")) {
    const auto id = call.arguments["line_id"].get<std::int64_t>();
    for (const auto& line : out["lines"]) {
      if (line["line_id"] == id) return line;
    }
    throw ToolError("order " + order.number + " has no line " + std::to_string(id));
  }
  return out;
}

json select_return_items(const Call& call) {
  const std::string number = text_arg(call, "order_number");
  std::vector<std::int64_t> lines;
  if (call.arguments.contains("line_ids")) lines = call.arguments["line_ids"].get<std::vector<std::int64_t>>();
  if (call.arguments.contains("item_text")) {
    const auto named = returns::lines_named(order_of(call, number), text_arg(call, "item_text"));
    lines.insert(lines.end(), named.begin(), named.end());
  }
  return moved(call, call.flow.select_items(call.step, number, lines));
}

json list_return_reasons(const Call&) { return {{"reasons", options_json(returns::return_reasons())}}; }
json set_return_reason(const Call& call) { return moved(call, call.flow.choose_reason(call.step, text_arg(call, "reason"))); }
json list_resolution_options(const Call&) { return {{"resolutions", options_json(returns::resolution_options())}}; }
json set_resolution(const Call& call) {
  return moved(call, call.flow.choose_resolution(call.step, text_arg(call, "resolution")));
}

json offer_retention_incentive(const Call& call) {
  const Draft draft = current(call);
  if (returns::next_step(draft) != returns::Step::incentive) {
    return {{"offered", false}, {"why", "an offer is made only when a refund was chosen and not yet answered"}};
  }
  const auto quote = call.flow.quote(call.step.user, draft);
  return {{"offered", true},
          {"offer", returns::incentive_text(quote.items_cents)},
          {"bonus_percent", returns::kStoreCreditBonusPercent},
          {"bonus", returns::money(quote.items_cents * returns::kStoreCreditBonusPercent / 100)}};
}

json answer_retention_incentive(const Call& call) {
  return moved(call, call.flow.answer_incentive(call.step, call.arguments.at("accept").get<bool>()));
}

json list_shipping_options(const Call&) { return {{"shipping_options", options_json(returns::shipping_options())}}; }
json set_shipping_option(const Call& call) {
  return moved(call, call.flow.choose_shipping(call.step, text_arg(call, "shipping")));
}

json compute_refund(const Call& call) {
  const Draft draft = current(call);
  if (draft.line_ids.empty()) throw ToolError("no items chosen yet");
  const auto q = call.flow.quote(call.step.user, draft);
  return {{"items", returns::money(q.items_cents)},     {"restocking_fee", returns::money(q.restocking_cents)},
          {"shipping", returns::money(q.shipping_cents)}, {"store_credit_bonus", returns::money(q.bonus_cents)},
          {"total", returns::money(q.total_cents)},       {"paid_as", q.paid_as.empty() ? "not chosen yet" : q.paid_as}};
}

json create_return(const Call& call) {
  std::optional<returns::ReturnRecord> created;
  const StepOutcome outcome = call.flow.create(call.step, &created);
  json out = moved(call, outcome);
  out["created"] = {{"rma", created->rma}, {"amount", returns::money(created->amount_cents)},
                    {"resolution", created->resolution}, {"next", returns::next_after(created->shipping)}};
  return out;
}

json cancel_return(const Call& call) { return moved(call, call.flow.cancel(call.step)); }

json show_return_history(const Call& call) {
  json records = json::array();
  for (const auto& r : must(call.store.returns_of(call.step.user), "reading the returns")) {
    records.push_back({{"rma", r.rma}, {"order_number", r.order_number}, {"items", r.item_names},
                       {"resolution", r.resolution}, {"amount", returns::money(r.amount_cents)},
                       {"created", returns::iso_date(r.created_day)}});
  }
  return {{"returns", std::move(records)}};
}

Tool make_tool(ReturnsStore& store, Shows shows, std::string name, std::string description, json parameters,
               Handler handler) {
  auto run = [&store, shows, handler = std::move(handler)](ToolInvocation& invocation) -> server::awaitable<json> {
    const std::string user = invocation.turn.context().user_id;
    const std::string thread_id = invocation.turn.thread.id;
    auto apply = [&] {
      ReturnsFlow flow(store);
      const StepCall step{.user = user, .thread_id = thread_id, .rev = 0};
      return handler(Call{.flow = flow, .store = store, .step = step, .arguments = invocation.arguments});
    };
    json output = co_await store.call(apply);  // a ToolError leaves here: nothing changed
    if (shows == Shows::step_card) invocation.turn.requests.add(ShowReturnsCard{});
    if (shows == Shows::history) invocation.turn.requests.add(ShowReturnHistory{});
    co_return output;
  };
  return Tool{.name = std::move(name),
              .description = std::move(description),
              .parameters = std::make_shared<const json>(std::move(parameters)),
              .handler = std::move(run)};
}

}  // namespace

namespace returns {

json draft_json(const CardFacts& facts) {
  const Draft& d = facts.draft;
  json out = {{"draft_id", d.id}, {"step", std::string(step_name(next_step(d)))}};
  if (facts.customer) {
    out["customer"] = {{"id", facts.customer->id}, {"name", facts.customer->name}, {"email", facts.customer->email}};
  }
  if (!d.order_number.empty()) out["order_number"] = d.order_number;
  json items = json::array();
  for (const auto& order : facts.orders) {
    if (order.number != d.order_number) continue;
    for (const auto& line : order.lines) {
      if (std::find(d.line_ids.begin(), d.line_ids.end(), line.id) != d.line_ids.end()) {
        items.push_back({{"line_id", line.id}, {"name", line.product.name}});
      }
    }
  }
  if (!items.empty()) out["items"] = std::move(items);
  if (!d.reason.empty()) out["reason"] = d.reason;
  if (!d.resolution.empty()) out["resolution"] = d.resolution;
  if (!d.incentive.empty()) out["incentive"] = d.incentive;
  if (!d.shipping.empty()) out["shipping"] = d.shipping;
  if (!d.rma.empty()) out["rma"] = d.rma;
  if (!d.line_ids.empty() && !d.resolution.empty()) out["refund_total"] = money(facts.quote.total_cents);
  return out;
}

std::vector<std::int64_t> lines_named(const Order& order, std::string_view text) {
  std::string names;
  for (const auto& line : order.lines) names += (names.empty() ? "" : ", ") + line.product.name;
  std::string lowered = ascii_lowercase(text);
  for (const std::string_view joiner : {" and ", " & ", ","}) {
    for (auto at = lowered.find(joiner); at != std::string::npos; at = lowered.find(joiner)) {
      lowered.replace(at, joiner.size(), "|");
    }
  }
  std::vector<std::int64_t> ids;
  std::size_t start = 0;
  while (start <= lowered.size()) {
    const std::size_t end = std::min(lowered.find('|', start), lowered.size());
    std::string part(trim(std::string_view(lowered).substr(start, end - start)));
    for (const std::string_view article : {"the ", "my ", "a ", "an ", "both "}) {
      if (part.starts_with(article)) part = part.substr(article.size());
    }
    if (!part.empty() && part.back() == 's' && part.size() > 3) part.pop_back();  // "the lamps": one lamp
    if (!part.empty()) {
      bool found = false;
      for (const auto& line : order.lines) {
        if (ascii_lowercase(line.product.name).find(part) != std::string::npos) {
          ids.push_back(line.id);
          found = true;
        }
      }
      if (!found) throw ToolError("order " + order.number + " has no item like \"" + part + "\" (it has: " + names + ")");
    }
    start = end + 1;
  }
  return ids;
}

}  // namespace returns

server::Tools returns_tools(ReturnsStore& store) {
  const json none = object_schema(json::object(), json::array());
  const json by_order = object_schema({{"order_number", order_schema()}}, {"order_number"});
  const auto step = Shows::step_card;
  server::Tools tools;
  tools.push_back(make_tool(store, step, "start_return", "Start a new return in this thread; shows the customer lookup.",
                            none, start_return));
  tools.push_back(make_tool(store, step, "lookup_customer",
                            "Find the customer by e-mail, phone or order number; gives their orders with each line's "
                            "eligibility.",
                            object_schema({{"query", text_schema("An e-mail, phone number or order number")}}, {"query"}),
                            lookup_customer));
  tools.push_back(make_tool(store, step, "list_orders", "List the current customer's orders and their lines.", none,
                            list_orders));
  tools.push_back(make_tool(store, step, "list_returnable_items",
                            "Choose an order and list its lines, each with whether it can be returned and why.",
                            by_order, list_returnable_items));
  json eligibility = object_schema(
      {{"order_number", order_schema()}, {"line_id", {{"type", "integer"}, {"description", "One line of the order"}}}},
      {"order_number"});
  tools.push_back(make_tool(store, Shows::nothing, "check_eligibility",
                            "Whether the order's lines (or one line) can be returned, and until when.", eligibility,
                            check_eligibility));
  json items = object_schema({{"order_number", order_schema()},
                              {"line_ids", {{"type", "array"}, {"items", {{"type", "integer"}}}, {"minItems", 1},
                                            {"description", "Line ids, as the orders give them"}}},
                              {"item_text", text_schema("Words of the items' names, e.g. \"the headphones\"")}},
                             {"order_number"});
  items["anyOf"] = {{{"required", {"line_ids"}}}, {{"required", {"item_text"}}}};
  tools.push_back(make_tool(store, step, "select_return_items",
                            "Choose the lines to return, by line id or by words of their names; all must be eligible.",
                            items, select_return_items));
  tools.push_back(make_tool(store, Shows::nothing, "list_return_reasons", "The reasons a return can give.", none,
                            list_return_reasons));
  tools.push_back(make_tool(store, step, "set_return_reason", "Say why the items come back.",
                            object_schema({{"reason", enum_schema(returns::return_reasons(), "A reason id")}}, {"reason"}),
                            set_return_reason));
  tools.push_back(make_tool(store, Shows::nothing, "list_resolution_options",
                            "The resolutions offered: refund, exchange, store credit.", none, list_resolution_options));
  tools.push_back(make_tool(
      store, step, "set_resolution", "Choose the resolution: refund, exchange or store credit.",
      object_schema({{"resolution", enum_schema(returns::resolution_options(), "A resolution id")}}, {"resolution"}),
      set_resolution));
  tools.push_back(make_tool(store, Shows::nothing, "offer_retention_incentive",
                            "After a refund was chosen: the store-credit bonus to offer instead. Say it to the customer.",
                            none, offer_retention_incentive));
  tools.push_back(make_tool(store, step, "answer_retention_incentive",
                            "Record whether the customer takes the store-credit offer (true) or keeps the refund (false).",
                            object_schema({{"accept", {{"type", "boolean"}}}}, {"accept"}), answer_retention_incentive));
  tools.push_back(make_tool(store, Shows::nothing, "list_shipping_options",
                            "How the items can come back, with their costs.", none, list_shipping_options));
  tools.push_back(make_tool(
      store, step, "set_shipping_option", "Choose how the items come back.",
      object_schema({{"shipping", enum_schema(returns::shipping_options(), "A shipping option id")}}, {"shipping"}),
      set_shipping_option));
  tools.push_back(make_tool(store, Shows::nothing, "compute_refund",
                            "What the customer gets back: items, restocking fee, shipping, bonus and total.", none,
                            compute_refund));
  tools.push_back(make_tool(store, step, "create_return",
                            "Create the return once the customer confirmed the summary; gives its RMA number.", none,
                            create_return));
  tools.push_back(make_tool(store, step, "cancel_return", "Cancel the return being made; nothing is created.", none,
                            cancel_return));
  tools.push_back(make_tool(store, Shows::history, "show_return_history", "List the returns already created.", none,
                            show_return_history));
  return tools;
}

}  // namespace chatkit::use_cases
