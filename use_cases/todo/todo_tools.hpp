#pragma once
// The Todo agent's tools. Every output names the todos it touched with their ids and titles, so
// the model can act on them next (the seed's outputs did not, and completing by chat rarely
// worked). A tool that changed or listed todos asks for the card after the reply (ShowTodoCard);
// one that changed them tells the host page the new counts (client_effect todo.counts).
// get_local_time is a client tool: the browser answers it with the user's clock.
#include "server/chatkit/tool.hpp"
#include "use_cases/todo/todo_store.hpp"

namespace chatkit::use_cases {

// The run request: show the current todo card once the reply is written.
struct ShowTodoCard {};

server::Tools todo_tools(TodoStore& store);

// The client tool's name. The browser answers its call (no arguments) with
// {"local_time": "2025-06-03T14:05:09+02:00", "time_zone": "Europe/Paris"}: seconds, offset and
// zone optional (docs/USE_CASES.md).
inline constexpr std::string_view kLocalTimeTool = "get_local_time";

// The effect sent after every change of the list, by chat or by a click:
// {"type":"client_effect","name":"todo.counts","data":{"pending":2,"done":1}}.
inline constexpr std::string_view kCountsEffect = "todo.counts";
ClientEffectEvent counts_effect(const std::vector<Todo>& todos);

// {"id":1,"title":"buy milk","done":false}
nlohmann::json todo_json(const Todo& todo);

// The todo `text` designates: an exact title (case-insensitive) first, else the one title that
// contains it, preferring those in the `preferred` state. Throws ToolError naming the
// candidates when none or several match.
Todo match_todo(const std::vector<Todo>& todos, std::string_view text, TodoState preferred);

}  // namespace chatkit::use_cases
