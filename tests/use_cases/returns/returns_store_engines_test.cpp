// The Returns tables on both engines of the thread store: the SQLite file and PostgreSQL (a
// throwaway cluster, tests/support/postgres_fixture.hpp), through one SqlDatabase interface.
#include "use_cases/returns/returns_store.hpp"

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server/store/postgres/pg_sql_database.hpp"
#include "server/store/postgres/pg_store.hpp"
#include "server/store/sqlite_sql_database.hpp"
#include "support/postgres_fixture.hpp"
#include "use_cases/returns/returns_fixture.hpp"

namespace chatkit::use_cases {
namespace {

using returns::Draft;
using returns::DraftStatus;
using returns::ReturnRecord;
using testing::kToday;

struct Engine {
  std::unique_ptr<server::Store> threads;
  std::unique_ptr<server::SqlDatabase> database;
  std::unique_ptr<ReturnsStore> store;
};

Engine open_sqlite() {
  static std::atomic<int> counter{0};
  const auto path = (testing::returns_test_dir() / ("engine_" + std::to_string(counter++) + ".db")).string();
  auto database = server::SqliteSqlDatabase::open(path);
  EXPECT_TRUE(database.ok());
  Engine engine{.threads = nullptr, .database = std::move(*database), .store = nullptr};
  auto store = ReturnsStore::open({.database = engine.database.get()}, [] { return kToday; });
  EXPECT_TRUE(store.ok()) << describe(store.error());
  engine.store = std::move(*store);
  return engine;
}

Engine open_postgres() {
  const auto conninfo = chatkit::testing::PostgresCluster::instance().fresh_database();
  auto threads = server::PgStore::open({.conninfo = conninfo, .pool_size = 4});
  EXPECT_TRUE(threads.ok()) << describe(threads.error());
  auto& pg = **threads;
  Engine engine{.threads = std::move(*threads), .database = std::make_unique<server::PgSqlDatabase>(pg), .store = nullptr};
  auto store = ReturnsStore::open({.database = engine.database.get()}, [] { return kToday; });
  EXPECT_TRUE(store.ok()) << describe(store.error());
  engine.store = std::move(*store);
  return engine;
}

class ReturnsStoreOnEachEngine : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { engine_ = GetParam() == "sqlite" ? open_sqlite() : open_postgres(); }
  ReturnsStore& store() { return *engine_.store; }
  Engine engine_;
};

TEST_P(ReturnsStoreOnEachEngine, EveryUserGetsTheirOwnCopyOfTheSample) {
  auto alice = store().customers("alice");
  ASSERT_TRUE(alice.ok()) << describe(alice.error());
  ASSERT_EQ(alice->size(), 3u);
  EXPECT_EQ(alice->front().email, "jane@example.com");
  auto orders = store().orders("alice", 1);
  ASSERT_TRUE(orders.ok()) << describe(orders.error());
  std::vector<std::string> numbers;
  for (const auto& order : *orders) numbers.push_back(order.number);
  EXPECT_EQ(numbers, (std::vector<std::string>{"1003", "1002", "1001"})) << "newest first";
  const auto& order_1002 = (*orders)[1];
  ASSERT_EQ(order_1002.lines.size(), 3u);
  EXPECT_EQ(order_1002.lines[0].product.name, "Wireless Headphones");
  EXPECT_EQ(order_1002.lines[0].unit_price_cents, 12900);
  EXPECT_EQ(order_1002.lines[0].product.policy.window_days, 14);
  EXPECT_EQ(order_1002.lines[1].product.policy.returnable, false);
  EXPECT_EQ(order_1002.delivered_day, kToday - 5);
  EXPECT_FALSE((*orders)[0].delivered_day.has_value()) << "1003 is on its way";
  EXPECT_EQ(store().customers("bob")->size(), 3u) << "bob has his own copy";
  EXPECT_EQ(store().customers("alice")->size(), 3u) << "seeded once";
}

TEST_P(ReturnsStoreOnEachEngine, FindsACustomerByEmailPhoneOrOrderNumber) {
  EXPECT_EQ(store().find_customer("alice", "JANE@example.com ")->value().id, 1);
  EXPECT_EQ(store().find_customer("alice", "555-0102")->value().id, 2);
  EXPECT_EQ(store().find_customer("alice", "#1007")->value().id, 3);
  EXPECT_EQ(store().find_customer("alice", "order 1004")->value().id, 2);
  EXPECT_FALSE(store().find_customer("alice", "nobody@example.com")->has_value());
  EXPECT_FALSE(store().find_customer("alice", "9999")->has_value());
}

TEST_P(ReturnsStoreOnEachEngine, ADraftChangesOnlyFromTheRevisionItWasReadAt) {
  auto draft = store().current_draft("alice", "thr_1");
  ASSERT_TRUE(draft.ok()) << describe(draft.error());
  EXPECT_EQ(draft->rev, 1);
  EXPECT_EQ(draft->id, 1);
  Draft changed = *draft;
  changed.customer_id = 1;
  changed.order_number = "1002";
  changed.line_ids = {3, 5};
  auto saved = store().save_draft("alice", changed);
  ASSERT_TRUE(saved.ok()) << describe(saved.error());
  ASSERT_TRUE(saved->has_value());
  EXPECT_EQ((*saved)->rev, 2);
  EXPECT_FALSE(store().save_draft("alice", changed)->has_value()) << "revision 1 is gone";
  auto again = store().current_draft("alice", "thr_1");
  EXPECT_EQ(again->rev, 2);
  EXPECT_EQ(again->line_ids, (std::vector<std::int64_t>{3, 5}));
  EXPECT_EQ(store().current_draft("alice", "thr_2")->id, 2) << "another thread, another draft";
  EXPECT_EQ(store().current_draft("bob", "thr_1")->id, 1) << "bob's own drafts";
  EXPECT_EQ(store().current_draft("bob", "thr_1")->customer_id, 0);
  EXPECT_FALSE(store().draft_by_id("bob", 2)->has_value());
  EXPECT_EQ(store().draft_by_id("alice", 1)->value().rev, 2);
}

TEST_P(ReturnsStoreOnEachEngine, CreatingAReturnMarksTheDraftAndTheLines) {
  Draft draft = *store().current_draft("alice", "thr_1");
  draft.customer_id = 1;
  draft.order_number = "1002";
  draft.line_ids = {3};
  draft = **store().save_draft("alice", draft);
  ReturnRecord record{.rma = {}, .order_number = "1002", .line_ids = {3}, .item_names = {}, .reason = "damaged",
                      .resolution = "refund", .shipping = "dropoff", .incentive_accepted = false,
                      .amount_cents = 12900, .created_day = 0};
  auto created = store().create_return("alice", draft, record);
  ASSERT_TRUE(created.ok()) << describe(created.error());
  ASSERT_TRUE(created->has_value());
  EXPECT_EQ((*created)->rma, "R-1001");
  EXPECT_FALSE(store().create_return("alice", draft, record)->has_value()) << "the draft moved on";
  const Draft now = *store().current_draft("alice", "thr_1");
  EXPECT_EQ(now.status, DraftStatus::created);
  EXPECT_EQ(now.rma, "R-1001");
  EXPECT_EQ(*store().returned_line_ids("alice"), (std::vector<std::int64_t>{3}));
  auto listed = store().returns_of("alice");
  ASSERT_TRUE(listed.ok()) << describe(listed.error());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().item_names, "Wireless Headphones");
  EXPECT_EQ(listed->front().created_day, kToday);
  EXPECT_TRUE(store().returns_of("bob")->empty()) << "bob never sees alice's returns";
  EXPECT_TRUE(store().returned_line_ids("bob")->empty());
  EXPECT_EQ(store().start_draft("alice", "thr_1")->id, 2);
  EXPECT_EQ(store().current_draft("alice", "thr_1")->status, DraftStatus::open) << "the new draft is current";
}

// Two tabs (or instances) moving one draft from the same revision: exactly one wins.
TEST_P(ReturnsStoreOnEachEngine, ConcurrentChangesFromOneRevisionLetOneWin) {
  const Draft draft = *store().current_draft("alice", "thr_1");
  std::vector<std::future<Result<std::optional<Draft>>>> saves;
  for (int i = 0; i < 8; ++i) {
    saves.push_back(std::async(std::launch::async, [&, i] {
      Draft changed = draft;
      changed.customer_id = 1 + i % 3;
      return store().save_draft("alice", changed);
    }));
  }
  int won = 0;
  for (auto& save : saves) {
    auto saved = save.get();
    ASSERT_TRUE(saved.ok()) << describe(saved.error());
    won += saved->has_value();
  }
  EXPECT_EQ(won, 1);
  EXPECT_EQ(store().current_draft("alice", "thr_1")->rev, 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReturnsStoreOnEachEngine, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace chatkit::use_cases
