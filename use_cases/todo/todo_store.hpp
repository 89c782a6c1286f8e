#pragma once
// The Todo use case's table: todos belong to a user (the request context) and are shared by all of
// that user's threads. Its own connection to the server's database file, its own migrations (table
// todo_schema_version). Ids are per-user and never reused, so a click on an old card can never hit
// a newer todo that took a deleted one's id. Every operation is one transaction.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "server/store/sqlite.hpp"
#include "use_cases/todo/todo.hpp"

namespace chatkit::use_cases {

class TodoStore {
 public:
  static Result<std::unique_ptr<TodoStore>> open(const std::string& path);

  Result<Todo> add(const std::string& user, const std::string& title);
  // Every todo of the user, oldest first.
  Result<std::vector<Todo>> list(const std::string& user);
  // The changed todo, or nullopt when it no longer exists.
  Result<std::optional<Todo>> set_state(const std::string& user, std::int64_t id, TodoState state);
  Result<std::optional<Todo>> rename(const std::string& user, std::int64_t id, const std::string& title);
  Result<std::optional<Todo>> remove(const std::string& user, std::int64_t id);
  // True when `id` was ever given to one of the user's todos (ids are never reused).
  Result<bool> was_issued(const std::string& user, std::int64_t id);
  // The removed todos.
  Result<std::vector<Todo>> clear_completed(const std::string& user);

 private:
  explicit TodoStore(server::sqlite::Database db) : db_(std::move(db)) {}
  Result<std::optional<Todo>> load(const std::string& user, std::int64_t id);

  std::mutex mutex_;  // the writer's connection: one caller at a time
  server::sqlite::Database db_;
  // list() reads on a connection of its own. It is called inside the thread store's write batch
  // (the card is rebuilt from the table as it is saved), which holds the file's write lock: had it
  // waited for mutex_ there, a writer holding mutex_ while it waits for that lock would deadlock
  // with it until the busy timeout. A read needs neither.
  std::mutex reader_mutex_;
  std::optional<server::sqlite::Database> reader_;
};

// Titles are trimmed, single-line and at most 200 characters; empty titles are refused.
Result<std::string> clean_todo_title(std::string_view title);

}  // namespace chatkit::use_cases
