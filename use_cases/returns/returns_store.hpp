#pragma once
// The Returns use case's tables, in the thread store's database (SQLite or PostgreSQL) through the
// kit's UseCaseTables, with migrations of their own (returns_schema_version); the SQL is written
// once for both engines. The shop's policies and products are shared; everything else belongs to
// a user (the request context): each user is given their own copy of the sample customers and
// orders (returns_seed.hpp) the first time they are seen, so every user can run the whole demo and
// no user ever sees another's drafts or returns. A thread's draft is the return being made there:
// every change is a compare-and-set on its revision, so two tabs (or a click racing a sentence)
// can never both move it from the same state.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/result.hpp"
#include "server/common/async.hpp"
#include "server/kit/tables.hpp"
#include "use_cases/returns/returns.hpp"

namespace chatkit::use_cases {

class ReturnsStore {
 public:
  // Today, in days since 1970-01-01: the system clock's UTC date, or a fixed one in tests.
  using Today = std::function<std::int64_t()>;
  static std::int64_t system_today();

  static Result<std::unique_ptr<ReturnsStore>> open(const server::kit::TablesPlace& place, Today today = system_today);
  static Result<std::unique_ptr<ReturnsStore>> open(const std::string& sqlite_path, Today today = system_today) {
    return open(server::kit::TablesPlace{.sqlite_path = sqlite_path}, std::move(today));
  }

  template <class Work>
  server::awaitable<std::invoke_result_t<Work&>> call(Work& work) {
    return tables_->call(work);
  }
  std::int64_t today() const { return today_(); }

  Result<std::vector<returns::Customer>> customers(const std::string& user);
  Result<std::optional<returns::Customer>> customer(const std::string& user, std::int64_t id);
  // By e-mail (any case), phone (digits compared) or one of the customer's order numbers.
  Result<std::optional<returns::Customer>> find_customer(const std::string& user, const std::string& query);
  // The customer's orders, newest first, with their lines.
  Result<std::vector<returns::Order>> orders(const std::string& user, std::int64_t customer_id);
  Result<std::optional<returns::Order>> order(const std::string& user, const std::string& number);
  // Lines already part of one of the user's returns.
  Result<std::vector<std::int64_t>> returned_line_ids(const std::string& user);

  // The thread's current draft (its newest), a new open one when the thread has none.
  Result<returns::Draft> current_draft(const std::string& user, const std::string& thread_id);
  // A new open draft for the thread, which becomes its current one.
  Result<returns::Draft> start_draft(const std::string& user, const std::string& thread_id);
  Result<std::optional<returns::Draft>> draft_by_id(const std::string& user, std::int64_t id);
  // Saves `changed` if the stored draft is still at changed.rev: the saved draft (rev + 1), or
  // nullopt when it moved on meanwhile.
  Result<std::optional<returns::Draft>> save_draft(const std::string& user, const returns::Draft& changed);
  // Creates the return from `draft` (at draft.rev) in one transaction: the return with a new RMA
  // number, its lines, and the draft marked created. nullopt when the draft moved on meanwhile.
  Result<std::optional<returns::ReturnRecord>> create_return(const std::string& user, const returns::Draft& draft,
                                                             returns::ReturnRecord record);
  // The user's returns, newest first.
  Result<std::vector<returns::ReturnRecord>> returns_of(const std::string& user);

 private:
  ReturnsStore(std::unique_ptr<server::kit::UseCaseTables> tables, Today today)
      : tables_(std::move(tables)), today_(std::move(today)) {}
  server::SqlDatabase& db() { return tables_->db(); }
  // Gives a user seen for the first time their copy of the sample data.
  Status seed(const std::string& user);
  Result<std::vector<returns::OrderLine>> lines_of(const std::string& user, const std::string& order_number);
  Result<returns::Draft> insert_draft(const std::string& user, const std::string& thread_id);

  std::unique_ptr<server::kit::UseCaseTables> tables_;
  Today today_;
};

}  // namespace chatkit::use_cases
