#include "use_cases/todo/todo_card.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/widget/action_json.hpp"
#include "use_cases/todo/todo_action_types.hpp"

namespace chatkit::use_cases {

namespace {

using nlohmann::json;

using widget::action_json;

// An action the host page handles (widgets.onAction), not the server.
json client_action(widget::ActionType<widget::NoPayload> type) {
  json out = action_json(type);
  out["handler"] = "client";
  return out;
}

json header(const std::vector<Todo>& todos) {
  const auto done = std::count_if(todos.begin(), todos.end(), [](const Todo& t) { return t.done; });
  const auto pending = static_cast<std::int64_t>(todos.size()) - done;
  return {{"type", "Row"},
          {"align", "center"},
          {"gap", 2},
          {"children",
           {{{"type", "Title"}, {"value", "📋 My Todo List"}, {"size", "md"}},
            {{"type", "Spacer"}},
            {{"type", "Badge"}, {"id", "np"}, {"label", std::to_string(pending) + " pending"}, {"color", "warning"}},
            {{"type", "Badge"}, {"id", "nd"}, {"label", std::to_string(done) + " done"}, {"color", "success"}},
            // Handled by the host page (widgets.onAction), not the server: the page copies or shares
            // the list as it sees fit. The action carries nothing: the widget it comes with is the list.
            {{"type", "Button"},
             {"id", "copy"},
             {"label", "Copy list"},
             {"size", "sm"},
             {"variant", "outline"},
             {"onClickAction", client_action(kCopyTodoList)}}}}};
}

json add_form(std::int64_t revision) {
  return {{"type", "Form"},
          {"id", "add"},
          {"direction", "row"},
          {"gap", 2},
          {"onSubmitAction", action_json(kAddTodo)},
          {"children",
           {{{"type", "Input"},
             {"id", "in" + std::to_string(revision)},
             {"name", "todo_text"},
             {"placeholder", "Add a todo…"},
             {"required", true}},
            {{"type", "Button"}, {"label", "Add"}, {"submit", true}, {"style", "primary"}}}}};
}

json row(const Todo& todo) {
  const std::string n = std::to_string(todo.id);
  json children = json::array();
  // Only props of @openai/chatkit's widget types (the strict catalogue): the checkbox is named by its
  // label, the buttons by theirs.
  children.push_back({{"type", "Checkbox"},
                      {"id", "c" + n},
                      {"name", "done"},
                      {"label", todo.title},
                      {"defaultChecked", todo.done},
                      {"onChangeAction", action_json(kToggleTodo, {.id = todo.id, .done = std::nullopt})}});
  if (todo.done) children.push_back({{"type", "Badge"}, {"label", "Done"}, {"color", "success"}});
  children.push_back({{"type", "Spacer"}});
  if (!todo.done) {
    children.push_back({{"type", "Button"},
                        {"label", "Complete"},
                        {"iconStart", "check"},
                        {"variant", "ghost"},
                        {"onClickAction", action_json(kCompleteTodo, {.id = todo.id})}});
  }
  children.push_back({{"type", "Button"},
                      {"label", "Delete"},
                      {"variant", "ghost"},
                      {"onClickAction", action_json(kDeleteTodo, {.id = todo.id})}});
  return {{"type", "Row"}, {"id", "r" + n}, {"align", "center"}, {"gap", 2}, {"children", std::move(children)}};
}

json pager(int page, int pages) {
  json children = json::array();
  if (page > 1) {
    children.push_back({{"type", "Button"}, {"id", "prev"}, {"label", "‹ Previous"}, {"variant", "outline"},
                        {"size", "sm"}, {"onClickAction", action_json(kShowTodoPage, {.page = page - 1})}});
  }
  children.push_back({{"type", "Spacer"}});
  children.push_back({{"type", "Text"}, {"value", "Page " + std::to_string(page) + " of " + std::to_string(pages)},
                      {"size", "sm"}, {"color", "secondary"}});
  children.push_back({{"type", "Spacer"}});
  if (page < pages) {
    children.push_back({{"type", "Button"}, {"id", "next"}, {"label", "Next ›"}, {"variant", "outline"},
                        {"size", "sm"}, {"onClickAction", action_json(kShowTodoPage, {.page = page + 1})}});
  }
  return {{"type", "Row"}, {"id", "pager"}, {"align", "center"}, {"children", std::move(children)}};
}

json status_line(const std::vector<Todo>& todos) {
  if (todos.empty()) {
    return {{"type", "Text"}, {"id", "status"}, {"value", "Nothing here yet. Add your first todo above."},
            {"color", "secondary"}};
  }
  const bool all_done = std::all_of(todos.begin(), todos.end(), [](const Todo& t) { return t.done; });
  if (!all_done) return nullptr;
  return {{"type", "Text"}, {"id", "status"}, {"value", "🎉 All caught up!"}, {"color", "success"}};
}

int page_count(std::size_t todos) {
  return std::max(1, static_cast<int>((todos + kTodosPerPage - 1) / kTodosPerPage));
}

}  // namespace

json build_todo_card(const std::vector<Todo>& todos, const TodoCardView& view) {
  const int pages = page_count(todos.size());
  const int page = std::clamp(view.page, 1, pages);
  json rows = json::array();
  const auto first = static_cast<std::size_t>(page - 1) * kTodosPerPage;
  for (std::size_t i = first; i < todos.size() && i < first + kTodosPerPage; ++i) rows.push_back(row(todos[i]));
  json children = {header(todos), add_form(view.form_revision), {{"type", "Divider"}}};
  if (auto status = status_line(todos); !status.is_null()) children.push_back(std::move(status));
  children.push_back({{"type", "Col"}, {"id", "rows"}, {"gap", 1}, {"children", std::move(rows)}});
  if (pages > 1) children.push_back(pager(page, pages));
  return {{"type", "Card"}, {"id", kTodoCardId}, {"size", "md"}, {"children", std::move(children)}};
}

json build_snapshot_note(const json& card) {
  std::string counts;
  for (const char* id : {"np", "nd"}) {
    // The header's badges say what the card showed; keep that in the note.
    for (const auto& child : card["children"][0]["children"]) {
      if (child.value("id", "") == id) counts += (counts.empty() ? "" : ", ") + child.value("label", "");
    }
  }
  return {{"type", "Card"},
          {"id", "todo-snapshot"},
          {"size", "sm"},
          {"children",
           {{{"type", "Text"},
             {"value", "📋 Previous snapshot of your todo list" + (counts.empty() ? "" : " (" + counts + ")") +
                           ". The current list is further down."},
             {"color", "secondary"},
             {"size", "sm"}}}}};
}

bool is_todo_card(const json& widget) { return widget.is_object() && widget.value("id", "") == kTodoCardId; }

namespace {

// Finds a component by id, depth first.
const json* find_component(const json& node, std::string_view id) {
  if (!node.is_object()) return nullptr;
  if (node.value("id", "") == id) return &node;
  if (const auto children = node.find("children"); children != node.end() && children->is_array()) {
    for (const auto& child : *children) {
      if (const json* found = find_component(child, id)) return found;
    }
  }
  return nullptr;
}

int payload_page(const json* button) {
  if (!button) return 0;
  const json page = button->value("onClickAction", json::object()).value("payload", json::object()).value("page", json());
  return page.is_number_integer() ? page.get<int>() : 0;
}

}  // namespace

int shown_page(const json& card) {
  if (const int next = payload_page(find_component(card, "next")); next > 0) return next - 1;
  if (const int prev = payload_page(find_component(card, "prev")); prev > 0) return prev + 1;
  return 1;
}

std::int64_t form_revision(const json& card) {
  const json* form = find_component(card, "add");
  if (!form) return 0;
  for (const auto& child : form->value("children", json::array())) {
    const std::string id = child.value("id", "");
    if (id.starts_with("in")) return std::strtoll(id.c_str() + 2, nullptr, 10);
  }
  return 0;
}

}  // namespace chatkit::use_cases
