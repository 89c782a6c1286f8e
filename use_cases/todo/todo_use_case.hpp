#pragma once
// The Todo use case: an agent with todo tools, a card that shows the list after every reply that
// touched it, and the card's actions, which update it in place. Chat and clicks are two ways into
// the same per-user table (todo_store.hpp). docs/USE_CASES.md walks through it.
#include <functional>
#include <memory>

#include "server/chatkit/use_case.hpp"
#include "server/kit/action_table.hpp"
#include "use_cases/todo/todo_action_types.hpp"
#include "use_cases/todo/todo_card.hpp"
#include "use_cases/todo/todo_store.hpp"

namespace chatkit::use_cases {

// What a click did to the list: a change is announced to the host page (todo.counts); a click
// that changed nothing may carry a note for the user.
enum class ListChange { none, changed };
struct TodoActionOutcome {
  ListChange list = ListChange::none;
  std::optional<std::string> note;
};

class TodoUseCase final : public server::UseCase {
 public:
  explicit TodoUseCase(std::unique_ptr<TodoStore> store);

  std::string_view name() const override { return "todo"; }
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

 private:
  // What a click does to the list (and to the card's view), run where the store's calls belong.
  using CardChange = std::function<TodoActionOutcome(const std::string& user, TodoCardView& view)>;
  template <class Payload>
  using Change = TodoActionOutcome (TodoUseCase::*)(const std::string& user, const Payload&, TodoCardView& view);

  // todo_actions.cpp
  server::kit::ActionTable make_actions();
  template <class Payload>
  server::kit::ActionHandler<Payload> card_click(Change<Payload> change);
  std::optional<std::string> gone_note(std::int64_t id, const server::RequestContext& context);
  TodoActionOutcome toggle(const std::string& user, const TodoToggle& toggle, TodoCardView& view);
  TodoActionOutcome complete(const std::string& user, const TodoRef& todo, TodoCardView& view);
  TodoActionOutcome remove(const std::string& user, const TodoRef& todo, TodoCardView& view);
  TodoActionOutcome show_page(const std::string& user, const TodoPage& page, TodoCardView& view);
  TodoActionOutcome add(const std::string& user, const TodoAdd& add, TodoCardView& view);
  // Applies the change, then brings the clicked card (as stored now) up to date.
  server::awaitable<void> refresh_card(server::Turn& turn, const std::optional<WidgetItem>& sender,
                                       const CardChange& change);
  server::awaitable<void> update_card(server::Turn& turn, const WidgetItem& card, const nlohmann::json& after,
                                      const TodoCardView& view);
  // todo_use_case.cpp
  server::awaitable<void> collapse_older_cards(server::Turn& turn);
  std::vector<Todo> todos_of(const server::Turn& turn);

  std::unique_ptr<TodoStore> store_;
  server::SharedTools tools_;  // built once: the schemas are the same for every run
  server::kit::ActionTable actions_;
};

// The click's handler: the change, applied to the payload, then the card refreshed.
template <class Payload>
server::kit::ActionHandler<Payload> TodoUseCase::card_click(Change<Payload> change) {
  return [this, change](const server::kit::ActionCall<Payload>& call) -> server::awaitable<void> {
    const CardChange apply = [this, change, &call](const std::string& user, TodoCardView& view) {
      return (this->*change)(user, call.payload, view);
    };
    co_await refresh_card(call.turn, call.sender, apply);
  };
}

}  // namespace chatkit::use_cases
