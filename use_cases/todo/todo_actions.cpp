// The todo card's actions: change the table, rebuild the card from it, and update the stored card
// in place with core's fine diff (widget.component.updated of the rows that changed, never a new
// card). Core's action validation has already checked that the card offered the action.
#include <algorithm>
#include <stdexcept>

#include "core/widget/diff.hpp"
#include "server/chatkit/stream_error.hpp"
#include "use_cases/todo/todo_tools.hpp"
#include "use_cases/todo/todo_use_case.hpp"

namespace chatkit::use_cases {

namespace {

using nlohmann::json;

constexpr std::string_view kGone = "That todo no longer exists (it was removed, perhaps in another tab). The card now shows the current list.";

template <class T>
T must(Result<T> result) {
  if (!result) throw std::runtime_error("todo store: " + describe(result.error()));
  return std::move(*result);
}

std::int64_t todo_id(const Action& action) {
  const json id = action.payload.is_object() ? action.payload.value("id", json()) : json();
  if (!id.is_number_integer()) throw server::StreamError::custom("This todo action has no todo id.");
  return id.get<std::int64_t>();
}

// The outcome of a change of one todo: changed, or the note that it is gone.
TodoActionOutcome changed_unless_gone(bool exists) {
  if (!exists) return {.list = ListChange::none, .note = std::string(kGone)};
  return {.list = ListChange::changed, .note = std::nullopt};
}

TodoActionOutcome note_only(std::string note) {
  return {.list = ListChange::none, .note = std::move(note)};
}

}  // namespace

// A row action on a todo that existed once and is gone now: the card in that tab was outdated.
std::optional<std::string> TodoUseCase::explain_stale_action(const Action& action, const server::RequestContext& context) {
  if (action.type != "toggle" && action.type != "complete" && action.type != "delete") return std::nullopt;
  const json id = action.payload.is_object() ? action.payload.value("id", json()) : json();
  if (!id.is_number_integer()) return std::nullopt;
  auto issued = store_->was_issued(context.user_id, id.get<std::int64_t>());
  if (!issued || !*issued) return std::nullopt;
  auto todos = store_->list(context.user_id);
  if (!todos) return std::nullopt;
  for (const auto& todo : *todos) {
    if (todo.id == id.get<std::int64_t>()) return std::nullopt;  // it exists: the refusal is about something else
  }
  return std::string(kGone);
}

// What the action changes; a note for the user when it changed nothing.
TodoActionOutcome TodoUseCase::apply_action(const std::string& user, const Action& action,
                                                     TodoCardView& view) {
  const json& payload = action.payload;
  if (action.type == "toggle") {
    // The checkbox sends its new value; without one, the click flips the stored state.
    const json value = payload.is_object() ? payload.value("done", json()) : json();
    const auto id = todo_id(action);
    auto todos = must(store_->list(user));
    const auto found = std::find_if(todos.begin(), todos.end(), [&](const Todo& t) { return t.id == id; });
    if (found == todos.end()) return note_only(std::string(kGone));
    const bool done = value.is_boolean() ? value.get<bool>() : !found->done;
    return changed_unless_gone(must(store_->set_state(user, id, done ? TodoState::done : TodoState::open)).has_value());
  }
  if (action.type == "complete") {
    return changed_unless_gone(must(store_->set_state(user, todo_id(action), TodoState::done)).has_value());
  }
  if (action.type == "delete") return changed_unless_gone(must(store_->remove(user, todo_id(action))).has_value());
  if (action.type == "page") {
    const json page = payload.is_object() ? payload.value("page", json()) : json();
    if (page.is_number_integer()) view.page = page.get<int>();
    return {};
  }
  if (action.type == "add") {
    const json text = payload.is_object() ? payload.value("todo_text", json()) : json();
    if (!text.is_string()) return note_only("Type a todo in the box first.");
    auto added = store_->add(user, text.get<std::string>());
    if (!added) return note_only("Type a todo in the box first.");
    ++view.form_revision;  // a new input: the typed text is cleared
    return {.list = ListChange::changed, .note = std::nullopt};
  }
  throw server::StreamError::custom("The todo card has no action '" + action.type + "'.");
}

server::awaitable<void> TodoUseCase::action(server::Turn& turn, const Action& action,
                                            const std::optional<WidgetItem>& sender) {
  if (!sender || !is_todo_card(sender->widget.value)) {
    throw server::StreamError::custom("This action belongs to a todo card.");
  }
  // The card as stored now: another tab may have changed it since the request was checked.
  auto load = [&] { return turn.store().load_item(turn.thread.id, sender->id, turn.context()); };
  auto stored = co_await store_->call(load);
  WidgetItem card = *sender;
  if (stored && std::holds_alternative<WidgetItem>(*stored)) card = std::get<WidgetItem>(*stored);
  TodoCardView view{.page = shown_page(card.widget.value), .form_revision = form_revision(card.widget.value)};
  auto apply = [&] { return apply_action(turn.context().user_id, action, view); };
  const TodoActionOutcome outcome = co_await store_->call(apply);
  if (outcome.note) {
    ThreadStreamEvent notice = NoticeEvent{.level = NoticeLevel::info, .message = *outcome.note, .title = std::nullopt};
    co_await turn.emit(std::move(notice));
  }
  auto read = [&] { return todos_of(turn); };
  const std::vector<Todo> todos = co_await store_->call(read);
  const json after = build_todo_card(todos, view);
  co_await update_card(turn, card, after, view);
  // After the card, so that a host page that reacts to the counts finds the card already current.
  if (outcome.list == ListChange::changed) {
    ThreadStreamEvent counts = counts_effect(todos);
    co_await turn.emit(std::move(counts));
  }
}

server::awaitable<void> TodoUseCase::update_card(server::Turn& turn, const WidgetItem& card, const json& after,
                                                 const TodoCardView& view) {
  const auto updates = widget::diff(card.widget.value, after, widget::DiffMode::fine);
  for (const auto& update : updates) {
    ThreadStreamEvent updated = ThreadItemUpdatedEvent{.item_id = card.id, .update = to_item_update(update)};
    co_await turn.emit(std::move(updated));  // the loop persists each update into the stored card
  }
  if (updates.empty()) co_return;
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
  if (!status) throw std::runtime_error("saving the todo card: " + describe(status.error()));
}

}  // namespace chatkit::use_cases
