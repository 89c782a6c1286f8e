#include "use_cases/returns/returns_use_case.hpp"

#include "server/kit/failures.hpp"
#include "server/kit/items.hpp"
#include "use_cases/returns/returns_skill.hpp"
#include "use_cases/returns/returns_tools.hpp"

namespace chatkit::use_cases {

namespace {

constexpr int kCardsLookedAt = 100;  // newest items searched for older step cards to collapse

}  // namespace

ReturnsUseCase::ReturnsUseCase(std::unique_ptr<ReturnsStore> store, returns::ReturnsCards cards)
    : store_(std::move(store)),
      cards_(std::move(cards)),
      tools_(std::make_shared<const server::Tools>(returns_tools(*store_))),
      actions_(make_actions()) {}

std::string ReturnsUseCase::instructions(const ThreadMetadata&) const {
  return "You are a retail store's returns assistant. Take the customer through one return at a time, in this "
         "order, with your tools: find the customer (lookup_customer, by e-mail, phone or order number); choose the "
         "order (list_orders, list_returnable_items); choose the items (select_return_items, with line ids from the "
         "tool outputs; check_eligibility says why a line cannot be returned: final sale, not delivered yet, or "
         "past its policy's window); the reason (list_return_reasons, set_return_reason); the resolution "
         "(list_resolution_options, set_resolution: refund, exchange or store credit). When the customer chose a "
         "refund, call offer_retention_incentive, tell them the offer in one sentence and record their answer with "
         "answer_retention_incentive. Then the shipping (list_shipping_options, set_shipping_option), then "
         "compute_refund and read the summary back. Call create_return only after the customer confirmed, and "
         "cancel_return when they want to stop. show_return_history lists the returns already made. Every tool "
         "output gives the draft's next step: ask for exactly that. A card for the current step is shown below your "
         "reply and the customer may answer by clicking it, so keep replies to one or two sentences and never make "
         "up order numbers, ids, prices or policies.";
}

server::SharedTools ReturnsUseCase::tools(const ThreadMetadata&) { return tools_; }

std::shared_ptr<const server::OfflineSkill> ReturnsUseCase::offline_skill() const {
  return std::make_shared<ReturnsSkill>();
}

nlohmann::json ReturnsUseCase::current_card(const server::Turn& turn) {
  const std::string& user = turn.context().user_id;
  returns::ReturnsFlow flow(*store_);
  const auto draft = server::kit::must(store_->current_draft(user, turn.thread.id), "reading the return");
  return server::kit::must(cards_.step_card(flow.facts(user, draft)), "rendering the return's card");
}

server::awaitable<void> ReturnsUseCase::after_respond(server::Turn& turn) {
  if (turn.requests.has<ShowReturnHistory>()) {
    auto read = [&] {
      auto records = server::kit::must(store_->returns_of(turn.context().user_id), "reading the returns");
      return server::kit::must(cards_.history_card(records), "rendering the history");
    };
    const nlohmann::json history = co_await store_->call(read);
    (void)co_await server::kit::show_widget(turn, history, "Your returns");
  }
  if (!turn.requests.has<ShowReturnsCard>()) co_return;
  co_await collapse_older_cards(turn);
  auto build = [&] { return current_card(turn); };
  const nlohmann::json card = co_await store_->call(build);
  (void)co_await server::kit::show_widget(turn, card, "Return");
}

// Older step cards become a one-line note: only the newest card offers the draft's actions, so a
// click on an outdated copy of an older one is refused with the stale note.
server::awaitable<void> ReturnsUseCase::collapse_older_cards(server::Turn& turn) {
  auto load = [&] {
    return turn.store().load_thread_items(turn.thread.id, std::nullopt, kCardsLookedAt, SortOrder::desc, turn.context());
  };
  auto loaded = co_await store_->call(load);
  auto page = server::kit::must(std::move(loaded), "loading the thread");
  for (auto& item : page.data) {
    auto* widget = std::get_if<WidgetItem>(&item);
    if (!widget || !returns::is_flow_card(widget->widget.value)) continue;
    widget->widget.value = server::kit::must(cards_.earlier_card(), "rendering a note");
    ThreadStreamEvent replaced = ThreadItemReplacedEvent{std::move(item)};
    co_await turn.emit(std::move(replaced));
  }
}

}  // namespace chatkit::use_cases
