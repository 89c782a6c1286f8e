#include "use_cases/todo/todo_tools.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "server/kit/failures.hpp"

namespace chatkit::use_cases {

namespace {

using nlohmann::json;
using server::Tool;
using server::ToolError;
using server::ToolInvocation;
using server::kit::must;
using Handler = std::function<json(TodoStore&, const std::string& user, const json& arguments)>;

std::string listing(const std::vector<Todo>& todos) {
  if (todos.empty()) return "the list is empty";
  std::string text;
  for (const auto& todo : todos) {
    text += (text.empty() ? "" : ", ") + ("#" + std::to_string(todo.id) + " " + todo.title) + (todo.done ? " (done)" : "");
  }
  return text;
}

Todo require(std::optional<Todo> todo, std::int64_t id) {
  if (!todo) throw ToolError("there is no todo with id " + std::to_string(id) + " (it may have been deleted)");
  return std::move(*todo);
}

// The todo a call designates, by todo_id or by search_text.
Todo designated(TodoStore& store, const std::string& user, const json& arguments, TodoState preferred) {
  const auto todos = must(store.list(user), "the todo store");
  if (arguments.contains("todo_id")) {
    const auto id = arguments["todo_id"].get<std::int64_t>();
    const auto found = std::find_if(todos.begin(), todos.end(), [&](const Todo& t) { return t.id == id; });
    if (found == todos.end()) throw ToolError("there is no todo with id " + std::to_string(id) + "; " + listing(todos));
    return *found;
  }
  return match_todo(todos, arguments.at("search_text").get<std::string>(), preferred);
}

json id_schema() { return {{"type", "integer"}, {"description", "The todo's id, as list_todos gives it"}}; }
json text_schema(std::string description) {
  return {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}, {"description", std::move(description)}};
}
json object_schema(json properties, json required) {
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)},
          {"additionalProperties", false}};
}
// An id or a search text, one of them required.
json designation_schema(json extra_properties = json::object(), json extra_required = json::array()) {
  json properties = {{"todo_id", id_schema()}, {"search_text", text_schema("Words of the todo's title")}};
  properties.update(extra_properties);
  json schema = object_schema(std::move(properties), std::move(extra_required));
  schema["anyOf"] = {{{"required", {"todo_id"}}}, {{"required", {"search_text"}}}};
  return schema;
}

// Whether a tool changes the list or only reads it: a change is announced to the host page.
enum class ListAccess { reads, changes };

Tool make_tool(TodoStore& store, ListAccess access, std::string name, std::string description, json parameters,
               Handler handler) {
  auto run = [&store, access, handler = std::move(handler)](ToolInvocation& call) -> server::awaitable<json> {
    const std::string& user = call.turn.context().user_id;
    auto apply = [&] { return handler(store, user, call.arguments); };
    json output = co_await store.call(apply);  // a ToolError leaves here: nothing changed
    call.turn.requests.add(ShowTodoCard{});
    if (access == ListAccess::changes) {
      auto list = [&] { return must(store.list(user), "the todo store"); };
      const std::vector<Todo> todos = co_await store.call(list);
      ThreadStreamEvent counts = counts_effect(todos);
      co_await call.turn.emit(std::move(counts));
    }
    co_return output;
  };
  return Tool{.name = std::move(name),
              .description = std::move(description),
              .parameters = std::make_shared<const json>(std::move(parameters)),
              .handler = std::move(run)};
}

// The user's clock is in the browser, not here: the server only knows its own time zone.
Tool local_time_tool() {
  return server::client_tool(std::string(kLocalTimeTool),
                             "Get the user's local date, time and time zone from their browser. Call it when the user "
                             "asks for the date, the day or the time, or when a todo needs today's date.",
                             std::make_shared<const json>(object_schema(json::object(), json::array())));
}

json add(TodoStore& store, const std::string& user, const json& arguments) {
  auto todo = store.add(user, arguments.at("item").get<std::string>());
  if (!todo) throw ToolError(todo.error().message);
  return {{"added", todo_json(*todo)}};
}

// Completing looks among the open todos first, reopening among the done ones.
json set_state(TodoStore& store, const std::string& user, const json& arguments, TodoState state) {
  const TodoState preferred = state == TodoState::done ? TodoState::open : TodoState::done;
  const Todo target = designated(store, user, arguments, preferred);
  const Todo changed = require(must(store.set_state(user, target.id, state), "the todo store"), target.id);
  return {{state == TodoState::done ? "completed" : "reopened", todo_json(changed)}};
}

json remove(TodoStore& store, const std::string& user, const json& arguments) {
  const Todo target = designated(store, user, arguments, TodoState::open);
  return {{"deleted", todo_json(require(must(store.remove(user, target.id), "the todo store"), target.id))}};
}

json rename(TodoStore& store, const std::string& user, const json& arguments) {
  const Todo target = designated(store, user, arguments, TodoState::open);
  auto renamed = store.rename(user, target.id, arguments.at("new_title").get<std::string>());
  if (!renamed) throw ToolError(renamed.error().message);
  return {{"renamed", todo_json(require(std::move(*renamed), target.id))}, {"old_title", target.title}};
}

json list(TodoStore& store, const std::string& user, const json&) {
  json todos = json::array();
  for (const auto& todo : must(store.list(user), "the todo store")) todos.push_back(todo_json(todo));
  return {{"todos", std::move(todos)}};
}

json clear(TodoStore& store, const std::string& user, const json&) {
  json cleared = json::array();
  for (const auto& todo : must(store.clear_completed(user), "the todo store")) cleared.push_back(todo_json(todo));
  return {{"cleared", std::move(cleared)}};
}

}  // namespace

ClientEffectEvent counts_effect(const std::vector<Todo>& todos) {
  const auto done = std::count_if(todos.begin(), todos.end(), [](const Todo& todo) { return todo.done; });
  const auto pending = static_cast<std::ptrdiff_t>(todos.size()) - done;
  return ClientEffectEvent{.name = std::string(kCountsEffect), .data = {{"pending", pending}, {"done", done}}};
}

json todo_json(const Todo& todo) { return {{"id", todo.id}, {"title", todo.title}, {"done", todo.done}}; }

Todo match_todo(const std::vector<Todo>& todos, std::string_view text, TodoState preferred) {
  const std::string wanted = ascii_lowercase(text);
  std::vector<Todo> matches;
  for (const auto& todo : todos) {
    if (ascii_lowercase(todo.title) == wanted) return todo;
    if (ascii_lowercase(todo.title).find(wanted) != std::string::npos) matches.push_back(todo);
  }
  if (matches.size() > 1) {
    std::vector<Todo> in_state;
    std::copy_if(matches.begin(), matches.end(), std::back_inserter(in_state),
                 [&](const Todo& t) { return t.done == (preferred == TodoState::done); });
    if (in_state.size() == 1) return in_state.front();
    throw ToolError("several todos match \"" + std::string(text) + "\": " + listing(matches) +
                    ". Ask which one, or call again with its todo_id.");
  }
  if (matches.empty()) throw ToolError("no todo matches \"" + std::string(text) + "\"; " + listing(todos));
  return matches.front();
}

server::Tools todo_tools(TodoStore& store) {
  using namespace std::placeholders;
  const auto changes = ListAccess::changes;
  const json search_text = object_schema({{"search_text", text_schema("Words of the todo's title")}}, {"search_text"});
  const json by_id = object_schema({{"todo_id", id_schema()}}, {"todo_id"});
  const json no_arguments = object_schema(json::object(), json::array());
  server::Tools tools;
  const json item = object_schema({{"item", text_schema("The todo's title, e.g. \"buy milk\"")}}, {"item"});
  tools.push_back(make_tool(store, changes, "add_todo", "Add a todo to the user's list.", item, add));
  tools.push_back(make_tool(store, changes, "complete_todo", "Mark a todo as done, by id.", by_id,
                            std::bind(set_state, _1, _2, _3, TodoState::done)));
  tools.push_back(make_tool(store, changes, "find_and_complete_todo",
                            "Mark as done the todo whose title matches the text.", search_text,
                            std::bind(set_state, _1, _2, _3, TodoState::done)));
  tools.push_back(make_tool(store, changes, "uncomplete_todo",
                            "Mark a done todo as not done again, by id or by words of its title.", designation_schema(),
                            std::bind(set_state, _1, _2, _3, TodoState::open)));
  tools.push_back(make_tool(store, changes, "delete_todo", "Delete a todo, by id.", by_id, remove));
  tools.push_back(make_tool(store, changes, "find_and_delete_todo", "Delete the todo whose title matches the text.",
                            search_text, remove));
  tools.push_back(make_tool(store, changes, "rename_todo",
                            "Change a todo's title, by id or by words of its current title.",
                            designation_schema({{"new_title", text_schema("The new title")}}, {"new_title"}), rename));
  tools.push_back(make_tool(store, ListAccess::reads, "list_todos",
                            "List the user's todos with their ids, titles and done state.", no_arguments, list));
  tools.push_back(make_tool(store, changes, "clear_completed", "Delete every todo that is done.", no_arguments, clear));
  tools.push_back(local_time_tool());
  return tools;
}

}  // namespace chatkit::use_cases
