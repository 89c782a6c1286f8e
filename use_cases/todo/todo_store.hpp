#pragma once
// The Todo use case's table: todos belong to a user (the request context) and are shared by all of
// that user's threads. It lives in the thread store's database (SQLite file or PostgreSQL) through
// server/store/sql_database.hpp, with its own migrations (table todo_schema_version), written once
// for both engines. Ids are per-user and never reused (a counter row updated in the transaction),
// so a click on an old card can never hit a newer todo that took a deleted one's id. Every
// operation is one transaction.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/result.hpp"
#include "server/common/async.hpp"
#include "server/store/sql_database.hpp"
#include "server/store/store_executor.hpp"
#include "use_cases/todo/todo.hpp"

namespace chatkit::use_cases {

class TodoStore {
 public:
  // On the SQLite file at `path`, through connections of its own.
  static Result<std::unique_ptr<TodoStore>> open(const std::string& path);
  // In `database` (the thread store's), which outlives the store; `executor` is where its calls
  // belong (the thread store's: workers when they block, as on PostgreSQL), none: inline.
  static Result<std::unique_ptr<TodoStore>> open(server::SqlDatabase& database,
                                                 server::StoreExecutor* executor = nullptr);

  // Runs `work` (calls of this store, or of the thread store) where the database's calls belong,
  // and resumes on the caller's executor: a coroutine of the stream never waits on the database on
  // its I/O thread. `work` is taken by reference and must outlive the await.
  template <class Work>
  server::awaitable<std::invoke_result_t<Work&>> call(Work& work);

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
  TodoStore(std::unique_ptr<server::SqlDatabase> owned, server::SqlDatabase& db, server::StoreExecutor* executor)
      : owned_(std::move(owned)), db_(db), executor_(executor) {}
  // Runs `sql` on one todo in a transaction: the todo it returns, or nullopt.
  Result<std::optional<Todo>> change(std::string_view sql, server::SqlParams params);

  std::unique_ptr<server::SqlDatabase> owned_;  // when opened on a path
  server::SqlDatabase& db_;
  server::StoreExecutor* executor_;
};

template <class Work>
server::awaitable<std::invoke_result_t<Work&>> TodoStore::call(Work& work) {
  using Called = std::invoke_result_t<Work&>;
  if (executor_ == nullptr) {
    Called inline_result = work();  // named: GCC 12 destroys a co_return temporary twice
    co_return inline_result;
  }
  Called result = co_await executor_->run(work);
  co_return result;
}

// Titles are trimmed, single-line and at most 200 characters; empty titles are refused.
Result<std::string> clean_todo_title(std::string_view title);

}  // namespace chatkit::use_cases
