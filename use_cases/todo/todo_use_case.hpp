#pragma once
// The Todo use case: an agent with todo tools, a card that shows the list after every reply that
// touched it, and the card's actions, which update it in place. Chat and clicks are two ways into
// the same per-user table (todo_store.hpp). docs/USE_CASES.md walks through it.
#include <memory>

#include "server/chatkit/use_case.hpp"
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
  std::optional<std::string> explain_stale_action(const Action& action, const server::RequestContext& context) override;
  server::awaitable<void> action(server::Turn& turn, const Action& action,
                                 const std::optional<WidgetItem>& sender) override;

 private:
  // todo_actions.cpp
  TodoActionOutcome apply_action(const std::string& user, const Action& action, TodoCardView& view);
  server::awaitable<void> update_card(server::Turn& turn, const WidgetItem& card, const nlohmann::json& after,
                                      const TodoCardView& view);
  // todo_use_case.cpp
  server::awaitable<void> collapse_older_cards(server::Turn& turn);
  std::vector<Todo> todos_of(const server::Turn& turn);

  std::unique_ptr<TodoStore> store_;
  server::SharedTools tools_;  // built once: the schemas are the same for every run
};

}  // namespace chatkit::use_cases
