#pragma once
// The Todo agent's tools. Every output names the todos it touched with their ids and titles, so
// the model can act on them next (the seed's outputs did not, and completing by chat rarely
// worked). A tool that changed or listed todos asks for the card after the reply (ShowTodoCard).
#include "server/chatkit/tool.hpp"
#include "use_cases/todo/todo_store.hpp"

namespace chatkit::use_cases {

// The run request: show the current todo card once the reply is written.
struct ShowTodoCard {};

server::Tools todo_tools(TodoStore& store);

// {"id":1,"title":"buy milk","done":false}
nlohmann::json todo_json(const Todo& todo);

// The todo `text` designates: an exact title (case-insensitive) first, else the one title that
// contains it, preferring those in the `preferred` state. Throws ToolError naming the
// candidates when none or several match.
Todo match_todo(const std::vector<Todo>& todos, std::string_view text, TodoState preferred);

}  // namespace chatkit::use_cases
