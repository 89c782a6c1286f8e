#pragma once
// The Todo use case's table: todos belong to a user (the request context) and are shared by all of
// that user's threads. It lives in the thread store's database (SQLite file or PostgreSQL) through
// the kit's UseCaseTables (server/kit/tables.hpp), with its own migrations (table
// todo_schema_version), written once for both engines. Ids are per-user and never reused (a
// counter row updated in the transaction), so a click on an old card can never hit a newer todo
// that took a deleted one's id. Every operation is one transaction.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/result.hpp"
#include "server/common/async.hpp"
#include "server/kit/tables.hpp"
#include "use_cases/todo/todo.hpp"

namespace chatkit::use_cases {

class TodoStore {
 public:
  // Where the thread store keeps its data (its database, or a SQLite file of its own); migrates.
  static Result<std::unique_ptr<TodoStore>> open(const server::kit::TablesPlace& place);
  static Result<std::unique_ptr<TodoStore>> open(const std::string& sqlite_path) {
    return open(server::kit::TablesPlace{.sqlite_path = sqlite_path});
  }
  static Result<std::unique_ptr<TodoStore>> open(server::SqlDatabase& database,
                                                 server::StoreExecutor* executor = nullptr) {
    return open(server::kit::TablesPlace{.database = &database, .executor = executor});
  }

  // Runs `work` (calls of this store, or of the thread store) where the database's calls belong
  // (server/kit/tables.hpp): a stream never waits on the database on its I/O thread.
  template <class Work>
  server::awaitable<std::invoke_result_t<Work&>> call(Work& work) {
    return tables_->call(work);
  }

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
  explicit TodoStore(std::unique_ptr<server::kit::UseCaseTables> tables) : tables_(std::move(tables)) {}
  server::SqlDatabase& db() { return tables_->db(); }
  // Runs `sql` on one todo in a transaction: the todo it returns, or nullopt.
  Result<std::optional<Todo>> change(std::string_view sql, server::SqlParams params);

  std::unique_ptr<server::kit::UseCaseTables> tables_;
};

// Titles are trimmed, single-line and at most 200 characters; empty titles are refused.
Result<std::string> clean_todo_title(std::string_view title);

}  // namespace chatkit::use_cases
