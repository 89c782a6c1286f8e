#pragma once
// A use case's own tables, wherever the thread store keeps its data: the thread store's database
// (SQLite file or PostgreSQL pool, through server/store/sql_database.hpp) or, for tools and tests that
// run a use case without a server, a SQLite file of its own. Opening migrates the use case's schema
// with the one mechanism every owner of tables uses (SqlSchema: numbered steps, a version table of
// its own, once across instances, a newer database refused). call() runs a piece of work where the
// database's calls belong, so a stream never waits on PostgreSQL on its I/O thread.
#include <memory>
#include <string>
#include <type_traits>

#include "core/result.hpp"
#include "server/common/async.hpp"
#include "server/store/sql_database.hpp"
#include "server/store/store_executor.hpp"

namespace chatkit::server::kit {

// Where a use case's tables live (use_cases/registry.hpp's UseCaseSettings gives it).
struct TablesPlace {
  // The thread store's database, which outlives the tables; none: the SQLite file `sqlite_path`.
  SqlDatabase* database = nullptr;
  std::string sqlite_path;  // ":memory:" allowed
  // Where calls of that database belong (workers when they block, as on PostgreSQL); none: inline.
  StoreExecutor* executor = nullptr;
};

class UseCaseTables {
 public:
  static Result<std::unique_ptr<UseCaseTables>> open(const TablesPlace& place, const SqlSchema& schema);

  SqlDatabase& db() { return db_; }
  // Runs `work` (calls of these tables, or of the thread store) where the database's calls belong
  // and resumes on the caller's executor. `work` is taken by reference and must outlive the await.
  template <class Work>
  awaitable<std::invoke_result_t<Work&>> call(Work& work);

 private:
  UseCaseTables(std::unique_ptr<SqlDatabase> owned, SqlDatabase& db, StoreExecutor* executor)
      : owned_(std::move(owned)), db_(db), executor_(executor) {}
  std::unique_ptr<SqlDatabase> owned_;  // when opened on a path
  SqlDatabase& db_;
  StoreExecutor* executor_;
};

template <class Work>
awaitable<std::invoke_result_t<Work&>> UseCaseTables::call(Work& work) {
  using Called = std::invoke_result_t<Work&>;
  if (executor_ == nullptr) {
    Called inline_result = work();  // named: GCC 12 destroys a co_return temporary twice
    co_return inline_result;
  }
  Called result = co_await executor_->run(work);
  co_return result;
}

}  // namespace chatkit::server::kit
