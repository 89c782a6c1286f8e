#pragma once
// The todo card, built from the todo list in one function. Actions (server-handled):
//   toggle {id} (+ the checkbox's value "done"), complete {id}, delete {id}, page {page},
//   add (form: todo_text).
// Rows are shaped for small diffs: short component ids derived from the todo id, so ticking one
// todo changes that row and the two count badges only. The add form's input id carries the next
// todo id, so a successful add replaces the input (clearing it) while other actions leave typed
// text alone.
#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "use_cases/todo/todo.hpp"

namespace chatkit::use_cases {

inline constexpr std::string_view kTodoCardId = "todo-card";
inline constexpr int kTodosPerPage = 25;

struct TodoCardView {
  int page = 1;                     // 1-based, clamped to the pages there are
  std::int64_t form_revision = 0;   // changes when the add form's input must be cleared
};

nlohmann::json build_todo_card(const std::vector<Todo>& todos, const TodoCardView& view);
// The collapsed note an older card becomes once a newer one is shown.
nlohmann::json build_snapshot_note(const nlohmann::json& card);

// Reading back what a stored card shows.
bool is_todo_card(const nlohmann::json& widget);
int shown_page(const nlohmann::json& card);
std::int64_t form_revision(const nlohmann::json& card);

}  // namespace chatkit::use_cases
