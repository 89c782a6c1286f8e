#include "use_cases/todo/todo_store.hpp"

#include <algorithm>
#include <array>


namespace chatkit::use_cases {

namespace {

using server::SqlParams;
using server::SqlRows;
using server::SqlTransaction;

constexpr std::size_t kMaxTitleBytes = 200;

// Portable: TEXT and BIGINT on both engines (BIGINT is an INTEGER column to SQLite).
constexpr std::array kMigrations = {
    server::SqlMigration{1,
                         "CREATE TABLE todos (user_id TEXT NOT NULL, id BIGINT NOT NULL, title TEXT NOT NULL, "
                         "done BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (user_id, id));"
                         "CREATE TABLE todo_counters (user_id TEXT PRIMARY KEY, next_id BIGINT NOT NULL)"},
};
constexpr server::SqlSchema kSchema{
    .name = "todo schema", .version_table = "todo_schema_version", .steps = kMigrations};

constexpr std::string_view kNextId =
    "INSERT INTO todo_counters (user_id, next_id) VALUES ($1, 2) "
    "ON CONFLICT (user_id) DO UPDATE SET next_id = todo_counters.next_id + 1 RETURNING next_id - 1";
constexpr std::string_view kInsert = "INSERT INTO todos (user_id, id, title, done) VALUES ($1, $2, $3, 0)";
constexpr std::string_view kList = "SELECT id, title, done FROM todos WHERE user_id = $1 ORDER BY id";
constexpr std::string_view kLoad = "SELECT id, title, done FROM todos WHERE user_id = $1 AND id = $2";
constexpr std::string_view kSetDone = "UPDATE todos SET done = $3 WHERE user_id = $1 AND id = $2";
constexpr std::string_view kRename = "UPDATE todos SET title = $3 WHERE user_id = $1 AND id = $2";
constexpr std::string_view kRemove = "DELETE FROM todos WHERE user_id = $1 AND id = $2 RETURNING id, title, done";
constexpr std::string_view kIssued = "SELECT next_id FROM todo_counters WHERE user_id = $1";
constexpr std::string_view kClearDone = "DELETE FROM todos WHERE user_id = $1 AND done = 1 RETURNING id, title, done";

std::vector<Todo> read_todos(const SqlRows& rows) {
  std::vector<Todo> todos;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    todos.push_back(Todo{.id = rows.integer(row, 0), .title = rows.text(row, 1), .done = rows.integer(row, 2) != 0});
  }
  return todos;
}

std::optional<Todo> first_todo(const SqlRows& rows) {
  auto todos = read_todos(rows);
  if (todos.empty()) return std::nullopt;
  return todos.front();
}

}  // namespace

Result<std::string> clean_todo_title(std::string_view title) {
  std::string text;
  for (char c : title) text += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  const auto begin = text.find_first_not_of(' ');
  if (begin == std::string::npos) return make_error(ErrorCode::invalid_request, "a todo needs a title");
  text = text.substr(begin, text.find_last_not_of(' ') - begin + 1);
  if (text.size() > kMaxTitleBytes) {
    std::size_t end = kMaxTitleBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // whole UTF-8 characters
    text.resize(end);
  }
  return text;
}

Result<std::unique_ptr<TodoStore>> TodoStore::open(const server::kit::TablesPlace& place) {
  auto tables = server::kit::UseCaseTables::open(place, kSchema);
  if (!tables) return tables.error();
  return std::unique_ptr<TodoStore>(new TodoStore(std::move(*tables)));
}

Result<Todo> TodoStore::add(const std::string& user, const std::string& raw_title) {
  auto title = clean_todo_title(raw_title);
  if (!title) return title.error();
  Todo todo{.id = 0, .title = *title, .done = false};
  auto status = db().transaction([&](SqlTransaction& tx) -> Status {
    auto counter = tx.execute(kNextId, {user});
    if (!counter) return counter.error();
    todo.id = counter->integer(0, 0);
    auto inserted = tx.execute(kInsert, {user, todo.id, todo.title});
    if (!inserted) return inserted.error();
    return ok_status();
  });
  if (!status) return status.error();
  return todo;
}

Result<std::vector<Todo>> TodoStore::list(const std::string& user) {
  auto rows = db().read(kList, {user});
  if (!rows) return rows.error();
  return read_todos(*rows);
}

Result<std::optional<Todo>> TodoStore::change(std::string_view sql, SqlParams params) {
  std::optional<Todo> changed;
  auto status = db().transaction([&](SqlTransaction& tx) -> Status {
    if (auto updated = tx.execute(sql, params); !updated) return updated.error();
    auto loaded = tx.execute(kLoad, {params.at(0), params.at(1)});
    if (!loaded) return loaded.error();
    changed = first_todo(*loaded);
    return ok_status();
  });
  if (!status) return status.error();
  return changed;
}

Result<std::optional<Todo>> TodoStore::set_state(const std::string& user, std::int64_t id, TodoState state) {
  return change(kSetDone, {user, id, std::int64_t{state == TodoState::done ? 1 : 0}});
}

Result<std::optional<Todo>> TodoStore::rename(const std::string& user, std::int64_t id, const std::string& raw_title) {
  auto title = clean_todo_title(raw_title);
  if (!title) return title.error();
  return change(kRename, {user, id, *title});
}

Result<std::optional<Todo>> TodoStore::remove(const std::string& user, std::int64_t id) {
  std::optional<Todo> removed;
  auto status = db().transaction([&](SqlTransaction& tx) -> Status {
    auto rows = tx.execute(kRemove, {user, id});
    if (!rows) return rows.error();
    removed = first_todo(*rows);
    return ok_status();
  });
  if (!status) return status.error();
  return removed;
}

Result<bool> TodoStore::was_issued(const std::string& user, std::int64_t id) {
  auto rows = db().read(kIssued, {user});
  if (!rows) return rows.error();
  return rows->size() > 0 && id >= 1 && id < rows->integer(0, 0);
}

Result<std::vector<Todo>> TodoStore::clear_completed(const std::string& user) {
  std::vector<Todo> removed;
  auto status = db().transaction([&](SqlTransaction& tx) -> Status {
    auto rows = tx.execute(kClearDone, {user});
    if (!rows) return rows.error();
    removed = read_todos(*rows);
    return ok_status();
  });
  if (!status) return status.error();
  std::sort(removed.begin(), removed.end(), [](const Todo& a, const Todo& b) { return a.id < b.id; });
  return removed;
}

}  // namespace chatkit::use_cases
