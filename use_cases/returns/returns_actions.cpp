// The Returns cards' actions, one entry each in the kit's action table: the click's step runs
// through the same flow a tool call runs (returns_flow.hpp) at the revision the card showed, and
// the clicked card is then updated in place to the draft's current step (core's fine diff). A
// refused or stale step changes nothing and says why in a notice. A click on a copy of a card
// that the stored card no longer matches never gets here: core refuses it, and the stale note
// below explains it when the card's draft has moved on.
#include "server/chatkit/stream_error.hpp"
#include "server/kit/action_table.hpp"
#include "server/kit/failures.hpp"
#include "server/kit/items.hpp"
#include "use_cases/returns/returns_use_case.hpp"

namespace chatkit::use_cases {

namespace {

using returns::ReturnsFlow;
using returns::StepCall;
using returns::StepOutcome;
using server::kit::must;

template <class Answer>
std::string answer_of(const Answer& answer) {
  return answer.value.value_or("");
}

}  // namespace

server::kit::ActionTable ReturnsUseCase::make_actions() {
  using namespace returns;
  server::kit::ActionTable table("returns card");
  table.on(kLookup, card_click<TextAnswer<kQueryField>>([](ReturnsFlow& flow, const StepCall& at, const auto& p) {
             if (answer_of(p).empty()) {
               return StepOutcome{.kind = StepOutcome::Kind::refused, .draft = {}, .problem = "Type an e-mail, phone or order number first."};
             }
             return flow.lookup(at, answer_of(p));
           }),
           stale_click<TextAnswer<kQueryField>>());
  table.on(kChooseOrder, card_click<TextAnswer<kOrderField>>([](ReturnsFlow& flow, const StepCall& at, const auto& p) {
             return flow.choose_order(at, answer_of(p));
           }),
           stale_click<TextAnswer<kOrderField>>());
  table.on(kToggleItem, card_click<LineChoice>([](ReturnsFlow& flow, const StepCall& at, const LineChoice& p) {
             return flow.toggle_item(at, p.line);
           }),
           stale_click<LineChoice>());
  table.on(kItemsDone, card_click<DraftRef>([](ReturnsFlow& flow, const StepCall& at, const DraftRef&) {
             return flow.confirm_items(at);
           }),
           stale_click<DraftRef>());
  table.on(kChooseReason, card_click<TextAnswer<kReasonField>>([](ReturnsFlow& flow, const StepCall& at, const auto& p) {
             return flow.choose_reason(at, answer_of(p));
           }),
           stale_click<TextAnswer<kReasonField>>());
  table.on(kChooseResolution,
           card_click<TextAnswer<kResolutionField>>([](ReturnsFlow& flow, const StepCall& at, const auto& p) {
             return flow.choose_resolution(at, answer_of(p));
           }),
           stale_click<TextAnswer<kResolutionField>>());
  table.on(kAnswerIncentive, card_click<IncentiveAnswer>([](ReturnsFlow& flow, const StepCall& at, const IncentiveAnswer& p) {
             return flow.answer_incentive(at, p.accept);
           }),
           stale_click<IncentiveAnswer>());
  table.on(kChooseShipping, card_click<TextAnswer<kShippingField>>([](ReturnsFlow& flow, const StepCall& at, const auto& p) {
             return flow.choose_shipping(at, answer_of(p));
           }),
           stale_click<TextAnswer<kShippingField>>());
  table.on(kConfirm, card_click<DraftRef>([](ReturnsFlow& flow, const StepCall& at, const DraftRef&) {
             std::optional<ReturnRecord> created;
             return flow.create(at, &created);
           }),
           stale_click<DraftRef>());
  table.on(kCancel, card_click<DraftRef>([](ReturnsFlow& flow, const StepCall& at, const DraftRef&) {
             return flow.cancel(at);
           }),
           stale_click<DraftRef>());
  return table;
}

// A click on a card of a draft that has moved on (or was finished) since: the note for it.
std::optional<std::string> ReturnsUseCase::stale_note(std::int64_t draft_id, std::int64_t rev,
                                                      const server::RequestContext& context) {
  auto draft = store_->draft_by_id(context.user_id, draft_id);
  if (!draft || !*draft) return std::nullopt;  // not a draft of this user's: the refusal stands
  return returns::stale_note(**draft, rev);
}

server::awaitable<void> ReturnsUseCase::run_click(server::Turn& turn, const std::optional<WidgetItem>& sender,
                                                  std::int64_t draft_id, std::int64_t rev, const Step& step) {
  if (!sender || !returns::is_flow_card(sender->widget.value)) {
    throw server::StreamError::custom("This action belongs to a returns card.");
  }
  const std::string user = turn.context().user_id;
  const std::string thread_id = turn.thread.id;
  auto apply = [&] {
    ReturnsFlow flow(*store_);
    const auto current = must(store_->current_draft(user, thread_id), "reading the return");
    if (current.id != draft_id) {
      // A card of an earlier return of this thread.
      return StepOutcome{.kind = StepOutcome::Kind::stale,
                         .draft = current,
                         .problem = "That card belongs to an earlier return of this conversation."};
    }
    return step(flow, StepCall{.user = user, .thread_id = thread_id, .rev = rev});
  };
  const StepOutcome outcome = co_await store_->call(apply);
  if (!outcome.ok()) co_await server::kit::notify(turn, outcome.problem);
  // The card as stored now: another tab may have changed it since the request was checked.
  auto load = [&] { return turn.store().load_item(thread_id, sender->id, turn.context()); };
  auto stored = co_await store_->call(load);
  WidgetItem card = *sender;
  if (stored && std::holds_alternative<WidgetItem>(*stored)) card = std::get<WidgetItem>(*stored);
  auto build = [&] { return current_card(turn); };
  const nlohmann::json after = co_await store_->call(build);
  (void)co_await server::kit::update_widget(turn, card, after);
}

}  // namespace chatkit::use_cases
