// The todo card's actions, one entry each in the kit's action table: change the table, rebuild the
// card from it, and update the stored card in place with core's fine diff (widget.component.updated
// of the rows that changed, never a new card). Core's action validation has already checked that
// the card offered the action; the table has decoded its payload.
#include <algorithm>

#include "server/chatkit/stream_error.hpp"
#include "server/kit/action_table.hpp"
#include "server/kit/failures.hpp"
#include "server/kit/items.hpp"
#include "use_cases/todo/todo_tools.hpp"
#include "use_cases/todo/todo_use_case.hpp"

namespace chatkit::use_cases {

namespace {

using nlohmann::json;
using server::kit::must;

constexpr std::string_view kGone = "That todo no longer exists (it was removed, perhaps in another tab). The card now shows the current list.";

// The outcome of a change of one todo: changed, or the note that it is gone.
TodoActionOutcome changed_unless_gone(bool exists) {
  if (!exists) return {.list = ListChange::none, .note = std::string(kGone)};
  return {.list = ListChange::changed, .note = std::nullopt};
}

TodoActionOutcome note_only(std::string note) { return {.list = ListChange::none, .note = std::move(note)}; }

}  // namespace

server::kit::ActionTable TodoUseCase::make_actions() {
  auto row_gone = [this](std::int64_t id, const server::RequestContext& who) { return gone_note(id, who); };
  server::kit::ActionTable table("todo card");
  table.on(kToggleTodo, card_click<TodoToggle>(&TodoUseCase::toggle),
           [row_gone](const TodoToggle& p, const server::RequestContext& who) { return row_gone(p.id, who); });
  table.on(kCompleteTodo, card_click<TodoRef>(&TodoUseCase::complete),
           [row_gone](const TodoRef& p, const server::RequestContext& who) { return row_gone(p.id, who); });
  table.on(kDeleteTodo, card_click<TodoRef>(&TodoUseCase::remove),
           [row_gone](const TodoRef& p, const server::RequestContext& who) { return row_gone(p.id, who); });
  table.on(kShowTodoPage, card_click<TodoPage>(&TodoUseCase::show_page));
  table.on(kAddTodo, card_click<TodoAdd>(&TodoUseCase::add));
  return table;
}

// A row action on a todo that existed once and is gone now: the card in that tab was outdated.
std::optional<std::string> TodoUseCase::gone_note(std::int64_t id, const server::RequestContext& context) {
  auto issued = store_->was_issued(context.user_id, id);
  if (!issued || !*issued) return std::nullopt;
  auto todos = store_->list(context.user_id);
  if (!todos) return std::nullopt;
  const bool exists = std::any_of(todos->begin(), todos->end(), [&](const Todo& todo) { return todo.id == id; });
  if (exists) return std::nullopt;  // the refusal is about something else
  return std::string(kGone);
}

TodoActionOutcome TodoUseCase::toggle(const std::string& user, const TodoToggle& toggle, TodoCardView&) {
  auto todos = must(store_->list(user), "reading the todos");
  const auto found = std::find_if(todos.begin(), todos.end(), [&](const Todo& t) { return t.id == toggle.id; });
  if (found == todos.end()) return note_only(std::string(kGone));
  const bool done = toggle.done.value_or(!found->done);
  const auto state = done ? TodoState::done : TodoState::open;
  return changed_unless_gone(must(store_->set_state(user, toggle.id, state), "ticking a todo").has_value());
}

TodoActionOutcome TodoUseCase::complete(const std::string& user, const TodoRef& todo, TodoCardView&) {
  return changed_unless_gone(must(store_->set_state(user, todo.id, TodoState::done), "completing a todo").has_value());
}

TodoActionOutcome TodoUseCase::remove(const std::string& user, const TodoRef& todo, TodoCardView&) {
  return changed_unless_gone(must(store_->remove(user, todo.id), "deleting a todo").has_value());
}

TodoActionOutcome TodoUseCase::show_page(const std::string&, const TodoPage& page, TodoCardView& view) {
  view.page = page.page;
  return {};
}

TodoActionOutcome TodoUseCase::add(const std::string& user, const TodoAdd& add, TodoCardView& view) {
  if (!add.todo_text || !store_->add(user, *add.todo_text)) return note_only("Type a todo in the box first.");
  ++view.form_revision;  // a new input: the typed text is cleared
  return {.list = ListChange::changed, .note = std::nullopt};
}

server::awaitable<void> TodoUseCase::refresh_card(server::Turn& turn, const std::optional<WidgetItem>& sender,
                                                  const CardChange& change) {
  if (!sender || !is_todo_card(sender->widget.value)) {
    throw server::StreamError::custom("This action belongs to a todo card.");
  }
  // The card as stored now: another tab may have changed it since the request was checked.
  auto load = [&] { return turn.store().load_item(turn.thread.id, sender->id, turn.context()); };
  auto stored = co_await store_->call(load);
  WidgetItem card = *sender;
  if (stored && std::holds_alternative<WidgetItem>(*stored)) card = std::get<WidgetItem>(*stored);
  TodoCardView view{.page = shown_page(card.widget.value), .form_revision = form_revision(card.widget.value)};
  auto apply = [&] { return change(turn.context().user_id, view); };
  const TodoActionOutcome outcome = co_await store_->call(apply);
  if (outcome.note) co_await server::kit::notify(turn, *outcome.note);
  auto read = [&] { return todos_of(turn); };
  const std::vector<Todo> todos = co_await store_->call(read);
  co_await update_card(turn, card, build_todo_card(todos, view), view);
  // After the card, so that a host page that reacts to the counts finds the card already current.
  if (outcome.list == ListChange::changed) {
    ThreadStreamEvent counts = counts_effect(todos);
    co_await turn.emit(std::move(counts));
  }
}

server::awaitable<void> TodoUseCase::update_card(server::Turn& turn, const WidgetItem& card, const json& after,
                                                 const TodoCardView& view) {
  const std::size_t updates = co_await server::kit::update_widget(turn, card, after);
  if (updates == 0) co_return;
  // Concurrent actions (two tabs) each change the table, then save the card. The card is rebuilt
  // from the table inside the write: writes run one after the other, so the last one to run sees
  // every change committed before it, and the stored card (what a reload shows) ends up current.
  const std::string thread_id = turn.thread.id;
  server::StoreWriter::Write write = [&](server::Store& store) -> Status {
    auto todos = store_->list(turn.context().user_id);
    if (!todos) return todos.error();
    WidgetItem saved = card;
    saved.widget.value = build_todo_card(*todos, view);
    return store.save_item(thread_id, ThreadItem(std::move(saved)), turn.context());
  };
  const Status status = co_await turn.write(write);
  must(status, "saving the todo card");
}

}  // namespace chatkit::use_cases
