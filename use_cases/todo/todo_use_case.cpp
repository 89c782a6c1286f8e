#include "use_cases/todo/todo_use_case.hpp"

#include "server/kit/failures.hpp"
#include "server/kit/items.hpp"
#include "use_cases/todo/todo_skill.hpp"
#include "use_cases/todo/todo_tools.hpp"

namespace chatkit::use_cases {

namespace {

constexpr int kCardsLookedAt = 100;  // newest items searched for older cards to collapse

}  // namespace

TodoUseCase::TodoUseCase(std::unique_ptr<TodoStore> store)
    : store_(std::move(store)),
      tools_(std::make_shared<const server::Tools>(todo_tools(*store_))),
      actions_(make_actions()) {}

std::string TodoUseCase::instructions(const ThreadMetadata&) const {
  return "You manage the user's todo list with the tools you have. Every tool output gives the todos' ids and "
         "titles: use those ids when you act on a todo, and call list_todos when you do not know them. When a "
         "request is ambiguous, ask which todo the user means. A card with the current list is shown below your "
         "reply whenever the list changed, so keep replies to one or two short sentences and do not repeat the "
         "whole list. You do not know today's date or the time: when the user asks for them, or a todo needs them, "
         "call get_local_time, which asks the user's browser, then say its answer.";
}

server::SharedTools TodoUseCase::tools(const ThreadMetadata&) { return tools_; }

std::shared_ptr<const server::OfflineSkill> TodoUseCase::offline_skill() const {
  return std::make_shared<TodoSkill>();
}

std::vector<Todo> TodoUseCase::todos_of(const server::Turn& turn) {
  return server::kit::must(store_->list(turn.context().user_id), "reading the todos");
}

// After a reply whose tools touched the list: older cards in the thread become a one-line
// snapshot note (thread.item.replaced), and the current card is shown below the reply.
server::awaitable<void> TodoUseCase::after_respond(server::Turn& turn) {
  if (!turn.requests.has<ShowTodoCard>()) co_return;
  co_await collapse_older_cards(turn);
  auto read = [&] { return todos_of(turn); };
  const std::vector<Todo> todos = co_await store_->call(read);
  (void)co_await server::kit::show_widget(turn, build_todo_card(todos, TodoCardView{}), "My Todo List");
}

server::awaitable<void> TodoUseCase::collapse_older_cards(server::Turn& turn) {
  auto load = [&] {
    return turn.store().load_thread_items(turn.thread.id, std::nullopt, kCardsLookedAt, SortOrder::desc, turn.context());
  };
  auto loaded = co_await store_->call(load);
  auto page = server::kit::must(std::move(loaded), "loading the thread");
  for (auto& item : page.data) {
    auto* widget = std::get_if<WidgetItem>(&item);
    if (!widget || !is_todo_card(widget->widget.value)) continue;
    widget->widget.value = build_snapshot_note(widget->widget.value);
    ThreadStreamEvent replaced = ThreadItemReplacedEvent{std::move(item)};
    co_await turn.emit(std::move(replaced));
  }
}

}  // namespace chatkit::use_cases
