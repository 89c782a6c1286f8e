#pragma once
// The Returns use case: an agent that takes a customer from lookup to a created return (order,
// items, reason, resolution, a retention offer, shipping, a summary to confirm), with a card for
// every step. Chat and clicks are two ways into the same per-thread draft (returns_flow.hpp):
// a tool that moved it shows the step's card below the reply (older step cards become a one-line
// note); a click moves it and updates its card in place to the next step.
#include <functional>
#include <memory>

#include "server/chatkit/use_case.hpp"
#include "server/kit/action_table.hpp"
#include "use_cases/returns/returns_action_types.hpp"
#include "use_cases/returns/returns_cards.hpp"
#include "use_cases/returns/returns_flow.hpp"
#include "use_cases/returns/returns_store.hpp"

namespace chatkit::use_cases {

class ReturnsUseCase final : public server::UseCase {
 public:
  ReturnsUseCase(std::unique_ptr<ReturnsStore> store, returns::ReturnsCards cards);

  std::string_view name() const override { return "returns"; }
  std::string instructions(const ThreadMetadata& thread) const override;
  server::SharedTools tools(const ThreadMetadata& thread) override;
  std::shared_ptr<const server::OfflineSkill> offline_skill() const override;
  server::awaitable<void> after_respond(server::Turn& turn) override;
  std::optional<std::string> explain_stale_action(const Action& action, const server::RequestContext& context) override {
    return actions_.explain_stale(action, context);
  }
  server::awaitable<void> action(server::Turn& turn, const Action& action,
                                 const std::optional<WidgetItem>& sender) override {
    return actions_.run(turn, action, sender);
  }

  const server::kit::ActionTable& actions() const { return actions_; }

 private:
  // One step, run from a click: the flow, the click's draft and revision.
  using Step = std::function<returns::StepOutcome(returns::ReturnsFlow& flow, const returns::StepCall& call)>;

  // returns_actions.cpp
  server::kit::ActionTable make_actions();
  template <class Payload>
  server::kit::ActionHandler<Payload> card_click(std::function<returns::StepOutcome(
      returns::ReturnsFlow&, const returns::StepCall&, const Payload&)> step);
  template <class Payload>
  server::kit::StaleNote<Payload> stale_click();
  std::optional<std::string> stale_note(std::int64_t draft_id, std::int64_t rev, const server::RequestContext& context);
  server::awaitable<void> run_click(server::Turn& turn, const std::optional<WidgetItem>& sender, std::int64_t draft_id,
                                    std::int64_t rev, const Step& step);
  // returns_use_case.cpp
  nlohmann::json current_card(const server::Turn& turn);
  server::awaitable<void> collapse_older_cards(server::Turn& turn);

  std::unique_ptr<ReturnsStore> store_;
  returns::ReturnsCards cards_;
  server::SharedTools tools_;
  server::kit::ActionTable actions_;
};

// The click's handler: the step, applied with the payload's draft and revision, then the card.
template <class Payload>
server::kit::ActionHandler<Payload> ReturnsUseCase::card_click(
    std::function<returns::StepOutcome(returns::ReturnsFlow&, const returns::StepCall&, const Payload&)> step) {
  return [this, step](const server::kit::ActionCall<Payload>& call) -> server::awaitable<void> {
    const Step apply = [&step, &call](returns::ReturnsFlow& flow, const returns::StepCall& at) {
      return step(flow, at, call.payload);
    };
    co_await run_click(call.turn, call.sender, call.payload.draft, call.payload.rev, apply);
  };
}

template <class Payload>
server::kit::StaleNote<Payload> ReturnsUseCase::stale_click() {
  return [this](const Payload& payload, const server::RequestContext& who) {
    return stale_note(payload.draft, payload.rev, who);
  };
}

}  // namespace chatkit::use_cases
