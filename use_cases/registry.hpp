#pragma once
// Every use case the product ships, by the name --use-case selects: the one list that the server
// binary (server/main.cpp) and the tests read. A new use case adds one line in registry.cpp.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "server/chatkit/use_case.hpp"
#include "server/kit/tables.hpp"
#include "server/store/sql_database.hpp"
#include "server/store/store_executor.hpp"

namespace chatkit::use_cases {

// What a use case is made with. It is made once the thread store is open, and may keep tables of
// its own in the same database file.
struct UseCaseSettings {
  std::string db;  // the thread store's SQLite file (":memory:" allowed), when `database` is none
  // The thread store's database (SQLite or PostgreSQL) for the use case's own tables; it outlives
  // the use case. None: the use case opens the SQLite file `db`.
  server::SqlDatabase* database = nullptr;
  // Where calls of that database belong (the thread store's executor: workers when they block, as
  // on PostgreSQL); none: inline.
  server::StoreExecutor* store_executor = nullptr;

  // Where the use case's own tables go (server/kit/tables.hpp).
  server::kit::TablesPlace tables() const {
    return {.database = database, .sqlite_path = db, .executor = store_executor};
  }
};

using UseCaseFactory = std::function<Result<std::unique_ptr<server::UseCase>>(const UseCaseSettings&)>;

struct RegisteredUseCase {
  std::string_view name;
  UseCaseFactory make;
};

// In the order --help lists them.
const std::vector<RegisteredUseCase>& registered_use_cases();

// The entry called `name`, or null.
const RegisteredUseCase* find_use_case(std::string_view name);

// The use case called `name`; invalid_request naming the registered ones when there is none.
Result<std::unique_ptr<server::UseCase>> make_use_case(std::string_view name, const UseCaseSettings& settings);

}  // namespace chatkit::use_cases
