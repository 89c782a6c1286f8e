#include "use_cases/todo/todo_store.hpp"

#include <algorithm>
#include <array>

#include "server/store/migrations.hpp"

namespace chatkit::use_cases {

namespace {

using server::sqlite::Database;
using server::sqlite::Statement;
using server::sqlite::Transaction;

constexpr std::size_t kMaxTitleBytes = 200;

constexpr std::array kMigrations = {
    server::sqlite::Migration{1,
                              "CREATE TABLE todos (user_id TEXT NOT NULL, id INTEGER NOT NULL, title TEXT NOT NULL, "
                              "done INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (user_id, id));"
                              "CREATE TABLE todo_counters (user_id TEXT PRIMARY KEY, next_id INTEGER NOT NULL);"},
};
constexpr server::sqlite::Schema kSchema{
    .name = "todo schema", .version_table = "todo_schema_version", .steps = kMigrations};

Todo read_todo(const Statement& row) {
  return Todo{.id = row.column_int(0), .title = row.column_text(1), .done = row.column_int(2) != 0};
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

Result<std::unique_ptr<TodoStore>> TodoStore::open(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return db.error();
  if (auto migrated = server::sqlite::migrate(*db, kSchema); !migrated) return migrated.error();
  std::unique_ptr<TodoStore> store(new TodoStore(std::move(*db)));
  auto reader = Database::open(path);
  if (!reader) return reader.error();
  store->reader_.emplace(std::move(*reader));
  return store;
}

Result<Todo> TodoStore::add(const std::string& user, const std::string& raw_title) {
  auto title = clean_todo_title(raw_title);
  if (!title) return title.error();
  std::lock_guard lock(mutex_);
  auto tx = Transaction::begin(db_, Transaction::Mode::immediate);
  if (!tx) return tx.error();
  auto counter = db_.prepare(
      "INSERT INTO todo_counters (user_id, next_id) VALUES (?1, 2) "
      "ON CONFLICT(user_id) DO UPDATE SET next_id = next_id + 1 RETURNING next_id - 1");
  if (!counter) return counter.error();
  Todo todo{.id = 0, .title = *title, .done = false};
  {
    auto use = counter->use();
    auto row = counter->bind(1, user).step();
    if (!row) return row.error();
    todo.id = counter->column_int(0);
  }
  auto insert = db_.prepare("INSERT INTO todos (user_id, id, title, done) VALUES (?1, ?2, ?3, 0)");
  if (!insert) return insert.error();
  {
    auto use = insert->use();
    if (auto s = insert->bind(1, user).bind(2, todo.id).bind(3, todo.title).run(); !s) return s.error();
  }
  if (auto s = tx->commit(); !s) return s.error();
  return todo;
}

Result<std::vector<Todo>> TodoStore::list(const std::string& user) {
  std::lock_guard lock(reader_mutex_);
  auto query = reader_->prepare("SELECT id, title, done FROM todos WHERE user_id = ?1 ORDER BY id");
  if (!query) return query.error();
  auto use = query->use();
  query->bind(1, user);
  std::vector<Todo> todos;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return todos;
    todos.push_back(read_todo(*query));
  }
}

Result<std::optional<Todo>> TodoStore::load(const std::string& user, std::int64_t id) {
  auto query = db_.prepare("SELECT id, title, done FROM todos WHERE user_id = ?1 AND id = ?2");
  if (!query) return query.error();
  auto use = query->use();
  auto row = query->bind(1, user).bind(2, id).step();
  if (!row) return row.error();
  if (!*row) return std::optional<Todo>();
  return std::optional<Todo>(read_todo(*query));
}

Result<std::optional<Todo>> TodoStore::set_state(const std::string& user, std::int64_t id, TodoState state) {
  std::lock_guard lock(mutex_);
  auto update = db_.prepare("UPDATE todos SET done = ?3 WHERE user_id = ?1 AND id = ?2");
  if (!update) return update.error();
  {
    auto use = update->use();
    if (auto s = update->bind(1, user).bind(2, id).bind(3, std::int64_t{state == TodoState::done ? 1 : 0}).run(); !s) return s.error();
  }
  return load(user, id);
}

Result<std::optional<Todo>> TodoStore::rename(const std::string& user, std::int64_t id, const std::string& raw_title) {
  auto title = clean_todo_title(raw_title);
  if (!title) return title.error();
  std::lock_guard lock(mutex_);
  auto update = db_.prepare("UPDATE todos SET title = ?3 WHERE user_id = ?1 AND id = ?2");
  if (!update) return update.error();
  {
    auto use = update->use();
    if (auto s = update->bind(1, user).bind(2, id).bind(3, *title).run(); !s) return s.error();
  }
  return load(user, id);
}

Result<std::optional<Todo>> TodoStore::remove(const std::string& user, std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto remove = db_.prepare("DELETE FROM todos WHERE user_id = ?1 AND id = ?2 RETURNING id, title, done");
  if (!remove) return remove.error();
  auto use = remove->use();
  auto row = remove->bind(1, user).bind(2, id).step();
  if (!row) return row.error();
  if (!*row) return std::optional<Todo>();
  Todo removed = read_todo(*remove);
  if (auto rest = remove->step(); !rest) return rest.error();  // completes the statement
  return std::optional<Todo>(std::move(removed));
}

Result<bool> TodoStore::was_issued(const std::string& user, std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto query = db_.prepare("SELECT next_id FROM todo_counters WHERE user_id = ?1");
  if (!query) return query.error();
  auto use = query->use();
  auto row = query->bind(1, user).step();
  if (!row) return row.error();
  return *row && id >= 1 && id < query->column_int(0);
}

Result<std::vector<Todo>> TodoStore::clear_completed(const std::string& user) {
  std::lock_guard lock(mutex_);
  auto remove = db_.prepare("DELETE FROM todos WHERE user_id = ?1 AND done = 1 RETURNING id, title, done");
  if (!remove) return remove.error();
  auto use = remove->use();
  remove->bind(1, user);
  std::vector<Todo> removed;
  for (;;) {
    auto row = remove->step();
    if (!row) return row.error();
    if (!*row) break;
    removed.push_back(read_todo(*remove));
  }
  std::sort(removed.begin(), removed.end(), [](const Todo& a, const Todo& b) { return a.id < b.id; });
  return removed;
}

}  // namespace chatkit::use_cases
