// The Store contract, run against SqliteStore and PgStore alike (one suite, two engines; the
// SQLite file's own behaviours are in sqlite_store_test.cpp), and the PostgreSQL store's own
// behaviours: timeouts, dropped connections, migrations under a lock.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/protocol/responses.hpp"
#include "server/store/postgres/pg_store.hpp"
#include "server/store/sqlite_store.hpp"
#include "support/postgres_fixture.hpp"

namespace chatkit::server {
namespace {

const RequestContext kAlice{.user_id = "alice", .locale = "en"};
const RequestContext kBob{.user_id = "bob", .locale = "fr"};

ThreadMetadata make_thread(const std::string& id, std::int64_t seconds) {
  ThreadMetadata thread;
  thread.id = id;
  thread.created_at = Timestamp{seconds * 1'000'000};
  return thread;
}

Timestamp at(std::int64_t seconds) { return Timestamp{seconds * 1'000'000}; }

ThreadItem make_message(const std::string& id, const std::string& thread_id, std::int64_t seconds,
                        const std::string& text = "hello") {
  AssistantMessageItem item;
  item.id = id;
  item.thread_id = thread_id;
  item.created_at = at(seconds);
  item.content.push_back(OutputTextContent{.text = text});
  return item;
}

std::string text_of(const ThreadItem& item) { return std::get<AssistantMessageItem>(item).content.at(0).text; }

template <class T>
std::vector<std::string> ids_of(const Page<T>& page) {
  std::vector<std::string> ids;
  for (const auto& element : page.data) {
    if constexpr (std::is_same_v<T, ThreadItem>) {
      ids.push_back(item_base(element).id);
    } else {
      ids.push_back(element.id);
    }
  }
  return ids;
}

// Each SQLite test's file (and its -wal, -shm) sits in a directory of its own, removed at exit.
std::filesystem::path sqlite_dir() {
  static const struct Dir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("chatkit_conformance_" + std::to_string(::getpid()));
    Dir() { std::filesystem::create_directories(path); }
    ~Dir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } dir;
  return dir.path;
}

std::unique_ptr<Store> open_sqlite() {
  static std::atomic<int> counter{0};
  const auto path = sqlite_dir() / ("store_" + std::to_string(counter++) + ".db");
  auto store = SqliteStore::open(path.string());
  return store ? std::unique_ptr<Store>(std::move(store).value()) : nullptr;
}

std::unique_ptr<Store> open_postgres() {
  auto store = PgStore::open({.conninfo = testing::PostgresCluster::instance().fresh_database()});
  return store ? std::unique_ptr<Store>(std::move(store).value()) : nullptr;
}

struct Engine {
  std::string name;
  std::function<std::unique_ptr<Store>()> open;
};

class StoreConformance : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = GetParam().open();
    ASSERT_NE(store_, nullptr);
  }
  std::unique_ptr<Store> store_;
};

TEST_P(StoreConformance, ThreadRoundTripAndNotFoundForOthers) {
  auto thread = make_thread("t1", 10);
  thread.title = "Groceries";
  ASSERT_TRUE(store_->save_thread(thread, kAlice).ok());
  auto loaded = store_->load_thread("t1", kAlice);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->title, "Groceries");
  EXPECT_EQ(store_->load_thread("t1", kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->delete_thread("t1", kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->update_thread(make_thread("t1", 10), kBob).error().code, ErrorCode::not_found);
}

TEST_P(StoreConformance, ThreadsPageByCreatedAtThenInsertionOrder) {
  for (const auto& [id, seconds] : std::vector<std::pair<std::string, int>>{{"a", 5}, {"b", 5}, {"c", 1}, {"d", 9}}) {
    ASSERT_TRUE(store_->save_thread(make_thread(id, seconds), kAlice).ok());
  }
  auto first = store_->load_threads(2, std::nullopt, SortOrder::asc, kAlice);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->data.size(), 2u);
  EXPECT_EQ(first->data[0].id, "c");
  EXPECT_EQ(first->data[1].id, "a");
  EXPECT_TRUE(first->has_more);
  auto second = store_->load_threads(2, first->after, SortOrder::asc, kAlice);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->data.size(), 2u);
  EXPECT_EQ(second->data[0].id, "b");
  EXPECT_EQ(second->data[1].id, "d");
  EXPECT_FALSE(second->has_more);
  auto newest = store_->load_threads(1, std::nullopt, SortOrder::desc, kAlice);
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(newest->data.at(0).id, "d");
  EXPECT_EQ(store_->load_threads(2, std::string("nope"), SortOrder::asc, kAlice).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->load_threads(0, std::nullopt, SortOrder::asc, kAlice).error().code, ErrorCode::invalid_request);
  EXPECT_TRUE(store_->load_threads(5, std::nullopt, SortOrder::asc, kBob)->data.empty());
}

TEST_P(StoreConformance, ItemsUpsertInPlaceAndGoWithTheirThread) {
  ASSERT_TRUE(store_->save_thread(make_thread("t", 1), kAlice).ok());
  ASSERT_TRUE(store_->add_thread_item("t", make_message("i1", "t", 1), kAlice).ok());
  ASSERT_TRUE(store_->add_thread_item("t", make_message("i2", "t", 2), kAlice).ok());
  ASSERT_TRUE(store_->save_item("t", make_message("i1", "t", 1), kAlice).ok());
  auto page = store_->load_thread_items("t", std::nullopt, 10, SortOrder::asc, kAlice);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_EQ(item_base(page->data[0]).id, "i1");
  EXPECT_EQ(store_->add_thread_item("t", make_message("x", "t", 1), kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->load_item("t", "i1", kBob).error().code, ErrorCode::not_found);
  ASSERT_TRUE(store_->delete_thread_item("t", "i2", kAlice).ok());
  EXPECT_EQ(store_->delete_thread_item("t", "i2", kAlice).error().code, ErrorCode::not_found);
  ASSERT_TRUE(store_->delete_thread("t", kAlice).ok());
  EXPECT_EQ(store_->load_item("t", "i1", kAlice).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->update_thread(make_thread("t", 1), kAlice).error().code, ErrorCode::not_found);
}

TEST_P(StoreConformance, AFailingWriteInABatchLeavesTheOthers) {
  std::vector<Store::Write> writes = {
      [](Store& store) { return store.save_thread(make_thread("kept", 1), kAlice); },
      [](Store& store) { return store.add_thread_item("missing", make_message("i", "missing", 1), kAlice); },
      [](Store& store) { return store.add_thread_item("kept", make_message("i", "kept", 1), kAlice); },
  };
  auto results = store_->write_batch(writes);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].error().code, ErrorCode::not_found);
  EXPECT_TRUE(results[2].ok());
  EXPECT_TRUE(store_->load_item("kept", "i", kAlice).ok());
}

// A write that fails after it wrote something takes back only what it wrote itself.
TEST_P(StoreConformance, AWriteThatFailsHalfWayIsUndoneAloneAndTheOthersAreKept) {
  std::vector<Store::Write> writes = {
      [](Store& store) { return store.save_thread(make_thread("kept", 1), kAlice); },
      [](Store& store) -> Status {
        if (auto saved = store.save_thread(make_thread("half", 2), kAlice); !saved) return saved;
        return store.add_thread_item("missing", make_message("i", "missing", 1), kAlice);
      },
      [](Store& store) { return store.add_thread_item("kept", make_message("i", "kept", 3), kAlice); },
  };
  auto results = store_->write_batch(writes);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].error().code, ErrorCode::not_found);
  EXPECT_TRUE(results[2].ok());
  EXPECT_EQ(store_->load_thread("half", kAlice).error().code, ErrorCode::not_found);
  EXPECT_TRUE(store_->load_thread("kept", kAlice).ok());
  EXPECT_TRUE(store_->load_item("kept", "i", kAlice).ok());
}

TEST_P(StoreConformance, ABatchOfOneFailingWriteReportsItsErrorAndKeepsNothing) {
  std::vector<Store::Write> writes = {[](Store& store) -> Status {
    if (auto saved = store.save_thread(make_thread("half", 1), kAlice); !saved) return saved;
    return store.add_thread_item("missing", make_message("i", "missing", 1), kAlice);
  }};
  auto results = store_->write_batch(writes);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->load_thread("half", kAlice).error().code, ErrorCode::not_found);
}

// An item may be stored only in a thread of its owner's, whether the thread was committed earlier
// or written by the batch itself.
TEST_P(StoreConformance, AnItemGoesOnlyIntoAThreadOfItsOwner) {
  ASSERT_TRUE(store_->save_thread(make_thread("t", 1), kAlice).ok());
  EXPECT_EQ(store_->save_item("t", make_message("i", "t", 1), kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store_->save_item("nope", make_message("i", "nope", 1), kAlice).error().code, ErrorCode::not_found);
  ASSERT_TRUE(store_->save_item("t", make_message("i", "t", 1), kAlice).ok());
  ASSERT_TRUE(store_->save_item("t", make_message("i", "t", 1), kAlice).ok());  // again: updated, not refused
  auto page = store_->load_thread_items("t", std::nullopt, 10, SortOrder::asc, kAlice);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->data.size(), 1u);
  EXPECT_EQ(store_->load_item("t", "i", kBob).error().code, ErrorCode::not_found);
}

//------------------------------------------------------------------------------------------------
// The contract in detail (these ran on SQLite only before PgStore)

FileAttachment file_attachment(const std::string& id, std::optional<std::string> thread_id = std::nullopt) {
  FileAttachment file;
  file.id = id;
  file.name = id + ".txt";
  file.mime_type = "text/plain";
  file.thread_id = std::move(thread_id);
  file.metadata = {{"blob", "b-" + id}};
  return file;
}

TEST_P(StoreConformance, ThreadRoundTripKeepsEveryField) {
  auto& store = store_;
  ThreadMetadata thread = make_thread("thr_1", 10);
  thread.title = "Trip";
  thread.status = LockedStatus{.reason = "maintenance"};
  thread.allowed_image_domains = std::vector<std::string>{"example.com", "cdn.example.com"};
  thread.metadata = {{"previous_response_id", "resp_1"}, {"nested", {{"n", 1}}}};
  ASSERT_TRUE(store->save_thread(thread, kAlice).ok());

  auto loaded = store->load_thread("thr_1", kAlice);
  ASSERT_TRUE(loaded.ok()) << describe(loaded.error());
  EXPECT_EQ(encode_thread_metadata_for_storage(*loaded), encode_thread_metadata_for_storage(thread));
  EXPECT_EQ(loaded->metadata["nested"]["n"], 1);
  EXPECT_EQ(std::get<LockedStatus>(loaded->status).reason, "maintenance");
}

TEST_P(StoreConformance, SaveThreadUpserts) {
  auto& store = store_;
  ThreadMetadata thread = make_thread("thr_1", 10);
  ASSERT_TRUE(store->save_thread(thread, kAlice).ok());
  thread.title = "Renamed";
  ASSERT_TRUE(store->save_thread(thread, kAlice).ok());

  EXPECT_EQ(store->load_thread("thr_1", kAlice)->title, "Renamed");
  auto page = store->load_threads(10, std::nullopt, SortOrder::desc, kAlice);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids_of(*page), std::vector<std::string>{"thr_1"});
}

TEST_P(StoreConformance, UpdateThreadNeverBringsADeletedThreadBack) {
  auto& store = store_;
  ThreadMetadata thread = make_thread("thr_1", 10);
  ASSERT_TRUE(store->save_thread(thread, kAlice).ok());
  thread.title = "Renamed";
  ASSERT_TRUE(store->update_thread(thread, kAlice).ok());
  EXPECT_EQ(store->load_thread("thr_1", kAlice)->title, "Renamed");
  // Another user's update changes nothing.
  thread.title = "Taken";
  auto foreign = store->update_thread(thread, kBob);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::not_found);
  EXPECT_EQ(store->load_thread("thr_1", kAlice)->title, "Renamed");
  // A stream that titles a thread deleted meanwhile gets not_found, and the thread stays gone.
  ASSERT_TRUE(store->delete_thread("thr_1", kAlice).ok());
  auto late = store->update_thread(thread, kAlice);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::not_found);
  EXPECT_FALSE(store->load_thread("thr_1", kAlice).ok());
  auto page = store->load_threads(10, std::nullopt, SortOrder::desc, kAlice);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->data.empty());
}

TEST_P(StoreConformance, MissingThreadIsNotFound) {
  auto& store = store_;
  auto loaded = store->load_thread("thr_none", kAlice);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::not_found);
}

TEST_P(StoreConformance, AnotherUserCannotSeeOrChangeAThread) {
  auto& store = store_;
  ThreadMetadata thread = make_thread("thr_a", 10);
  thread.title = "Alice's";
  ASSERT_TRUE(store->save_thread(thread, kAlice).ok());
  ASSERT_TRUE(store->add_thread_item("thr_a", make_message("msg_1", "thr_a", 11), kAlice).ok());

  EXPECT_EQ(store->load_thread("thr_a", kBob).error().code, ErrorCode::not_found);
  auto threads = store->load_threads(10, std::nullopt, SortOrder::desc, kBob);
  ASSERT_TRUE(threads.ok());
  EXPECT_TRUE(threads->data.empty());
  EXPECT_FALSE(threads->has_more);

  auto items = store->load_thread_items("thr_a", std::nullopt, 10, SortOrder::asc, kBob);
  ASSERT_TRUE(items.ok());
  EXPECT_TRUE(items->data.empty());
  EXPECT_FALSE(items->has_more);
  EXPECT_EQ(store->load_item("thr_a", "msg_1", kBob).error().code, ErrorCode::not_found);

  // Writes from Bob never reach Alice's rows.
  EXPECT_EQ(store->add_thread_item("thr_a", make_message("msg_2", "thr_a", 12), kBob).error().code,
            ErrorCode::not_found);
  EXPECT_EQ(store->save_item("thr_a", make_message("msg_1", "thr_a", 11, "bob"), kBob).error().code,
            ErrorCode::not_found);
  EXPECT_EQ(store->delete_thread_item("thr_a", "msg_1", kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store->delete_thread("thr_a", kBob).error().code, ErrorCode::not_found);
  ThreadMetadata bobs = make_thread("thr_a", 20);
  bobs.title = "Bob's";
  ASSERT_TRUE(store->save_thread(bobs, kBob).ok());  // lands in Bob's own namespace

  EXPECT_EQ(store->load_thread("thr_a", kAlice)->title, "Alice's");
  EXPECT_EQ(store->load_thread("thr_a", kBob)->title, "Bob's");
  auto alice_items = store->load_thread_items("thr_a", std::nullopt, 10, SortOrder::asc, kAlice);
  ASSERT_TRUE(alice_items.ok());
  EXPECT_EQ(ids_of(*alice_items), std::vector<std::string>{"msg_1"});
  EXPECT_EQ(text_of(alice_items->data[0]), "hello");
  auto bob_items = store->load_thread_items("thr_a", std::nullopt, 10, SortOrder::asc, kBob);
  ASSERT_TRUE(bob_items.ok());
  EXPECT_TRUE(bob_items->data.empty());

  // Bob deleting his namespace's thr_a leaves Alice's alone.
  ASSERT_TRUE(store->delete_thread("thr_a", kBob).ok());
  EXPECT_TRUE(store->load_thread("thr_a", kAlice).ok());
  EXPECT_TRUE(store->load_item("thr_a", "msg_1", kAlice).ok());
}

TEST_P(StoreConformance, AnotherUserCannotSeeOrDeleteAnAttachment) {
  auto& store = store_;
  FileAttachment file;
  file.id = "atc_1";
  file.name = "a.txt";
  file.mime_type = "text/plain";
  ASSERT_TRUE(store->save_attachment(file, kAlice).ok());

  EXPECT_EQ(store->load_attachment("atc_1", kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store->delete_attachment("atc_1", kBob).error().code, ErrorCode::not_found);
  EXPECT_TRUE(store->load_attachment("atc_1", kAlice).ok());
}

TEST_P(StoreConformance, ThreadsPageNewestFirst) {
  auto& store = store_;
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(store->save_thread(make_thread("thr_" + std::to_string(i), i), kAlice).ok());
  }

  auto first = store->load_threads(2, std::nullopt, SortOrder::desc, kAlice);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(ids_of(*first), (std::vector<std::string>{"thr_5", "thr_4"}));
  EXPECT_TRUE(first->has_more);
  EXPECT_EQ(first->after, "thr_4");

  auto second = store->load_threads(2, first->after, SortOrder::desc, kAlice);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(ids_of(*second), (std::vector<std::string>{"thr_3", "thr_2"}));
  EXPECT_TRUE(second->has_more);
  EXPECT_EQ(second->after, "thr_2");

  auto last = store->load_threads(2, second->after, SortOrder::desc, kAlice);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(ids_of(*last), std::vector<std::string>{"thr_1"});
  EXPECT_FALSE(last->has_more);
  EXPECT_FALSE(last->after.has_value());
}

TEST_P(StoreConformance, ThreadsPageOldestFirstAndLimitPlusOne) {
  auto& store = store_;
  for (int i = 1; i <= 4; ++i) {
    ASSERT_TRUE(store->save_thread(make_thread("thr_" + std::to_string(i), i), kAlice).ok());
  }

  auto first = store->load_threads(3, std::nullopt, SortOrder::asc, kAlice);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(ids_of(*first), (std::vector<std::string>{"thr_1", "thr_2", "thr_3"}));
  EXPECT_TRUE(first->has_more);
  EXPECT_EQ(first->after, "thr_3");

  // Exactly `limit` elements left: no more, no cursor.
  auto exact = store->load_threads(4, std::nullopt, SortOrder::asc, kAlice);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->data.size(), 4u);
  EXPECT_FALSE(exact->has_more);
  EXPECT_FALSE(exact->after.has_value());

  auto rest = store->load_threads(1, "thr_3", SortOrder::asc, kAlice);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(ids_of(*rest), std::vector<std::string>{"thr_4"});
  EXPECT_FALSE(rest->has_more);
  EXPECT_FALSE(rest->after.has_value());

  auto past_end = store->load_threads(5, "thr_4", SortOrder::asc, kAlice);
  ASSERT_TRUE(past_end.ok());
  EXPECT_TRUE(past_end->data.empty());
  EXPECT_FALSE(past_end->has_more);
}

TEST_P(StoreConformance, EqualCreatedAtPagesStablyByInsertionOrder) {
  auto& store = store_;
  for (const char* id : {"thr_c", "thr_a", "thr_e", "thr_b", "thr_d"}) {
    ASSERT_TRUE(store->save_thread(make_thread(id, 7), kAlice).ok());
  }
  auto collect = [&](SortOrder order) {
    std::vector<std::string> seen;
    std::optional<std::string> after;
    for (int guard = 0; guard < 10; ++guard) {
      auto page = store->load_threads(2, after, order, kAlice);
      EXPECT_TRUE(page.ok());
      if (!page.ok()) break;
      for (auto& id : ids_of(*page)) seen.push_back(id);
      if (!page->has_more) break;
      after = page->after;
    }
    return seen;
  };
  EXPECT_EQ(collect(SortOrder::asc), (std::vector<std::string>{"thr_c", "thr_a", "thr_e", "thr_b", "thr_d"}));
  EXPECT_EQ(collect(SortOrder::desc), (std::vector<std::string>{"thr_d", "thr_b", "thr_e", "thr_a", "thr_c"}));
}

TEST_P(StoreConformance, UnknownAfterIsNotFound) {
  auto& store = store_;
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  EXPECT_EQ(store->load_threads(5, "thr_missing", SortOrder::desc, kAlice).error().code, ErrorCode::not_found);
  // Another user's id is as unknown as a missing one.
  EXPECT_EQ(store->load_threads(5, "thr_1", SortOrder::desc, kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store->load_thread_items("thr_1", "msg_missing", 5, SortOrder::asc, kAlice).error().code,
            ErrorCode::not_found);
}

TEST_P(StoreConformance, LimitBelowOneIsRefused) {
  auto& store = store_;
  EXPECT_EQ(store->load_threads(0, std::nullopt, SortOrder::desc, kAlice).error().code, ErrorCode::invalid_request);
  EXPECT_EQ(store->load_thread_items("thr_1", std::nullopt, -1, SortOrder::desc, kAlice).error().code,
            ErrorCode::invalid_request);
}

TEST_P(StoreConformance, ItemsPageInBothOrders) {
  auto& store = store_;
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  // Two items share a timestamp: insertion order breaks the tie.
  const std::vector<std::pair<std::string, int>> items = {{"msg_1", 10}, {"msg_2", 20}, {"msg_3", 20}, {"msg_4", 30}};
  for (const auto& [id, seconds] : items) {
    ASSERT_TRUE(store->add_thread_item("thr_1", make_message(id, "thr_1", seconds), kAlice).ok());
  }

  auto asc = store->load_thread_items("thr_1", std::nullopt, 3, SortOrder::asc, kAlice);
  ASSERT_TRUE(asc.ok());
  EXPECT_EQ(ids_of(*asc), (std::vector<std::string>{"msg_1", "msg_2", "msg_3"}));
  EXPECT_TRUE(asc->has_more);
  EXPECT_EQ(asc->after, "msg_3");
  auto asc_rest = store->load_thread_items("thr_1", asc->after, 3, SortOrder::asc, kAlice);
  ASSERT_TRUE(asc_rest.ok());
  EXPECT_EQ(ids_of(*asc_rest), std::vector<std::string>{"msg_4"});
  EXPECT_FALSE(asc_rest->has_more);
  EXPECT_FALSE(asc_rest->after.has_value());

  auto desc = store->load_thread_items("thr_1", std::nullopt, 2, SortOrder::desc, kAlice);
  ASSERT_TRUE(desc.ok());
  EXPECT_EQ(ids_of(*desc), (std::vector<std::string>{"msg_4", "msg_3"}));
  EXPECT_EQ(desc->after, "msg_3");
  auto desc_rest = store->load_thread_items("thr_1", desc->after, 2, SortOrder::desc, kAlice);
  ASSERT_TRUE(desc_rest.ok());
  EXPECT_EQ(ids_of(*desc_rest), (std::vector<std::string>{"msg_2", "msg_1"}));
  EXPECT_FALSE(desc_rest->has_more);
  EXPECT_FALSE(desc_rest->after.has_value());
}

TEST_P(StoreConformance, AddThreadItemTwiceUpsertsAndKeepsPosition) {
  auto& store = store_;
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(store->add_thread_item("thr_1", make_message("msg_" + std::to_string(i), "thr_1", i), kAlice).ok());
  }
  ASSERT_TRUE(store->add_thread_item("thr_1", make_message("msg_1", "thr_1", 1, "again"), kAlice).ok());

  auto page = store->load_thread_items("thr_1", std::nullopt, 10, SortOrder::asc, kAlice);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids_of(*page), (std::vector<std::string>{"msg_1", "msg_2", "msg_3"}));
  EXPECT_EQ(text_of(page->data[0]), "again");
}

TEST_P(StoreConformance, SaveItemReplacesContentInPlace) {
  auto& store = store_;
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(store->add_thread_item("thr_1", make_message("msg_" + std::to_string(i), "thr_1", i), kAlice).ok());
  }
  // Even a later created_at keeps the item where it was.
  ASSERT_TRUE(store->save_item("thr_1", make_message("msg_2", "thr_1", 99, "edited"), kAlice).ok());

  auto loaded = store->load_item("thr_1", "msg_2", kAlice);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(text_of(*loaded), "edited");
  EXPECT_EQ(item_base(*loaded).created_at, at(99));
  auto page = store->load_thread_items("thr_1", std::nullopt, 10, SortOrder::asc, kAlice);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids_of(*page), (std::vector<std::string>{"msg_1", "msg_2", "msg_3"}));

  // save_item of a new id inserts it.
  ASSERT_TRUE(store->save_item("thr_1", make_message("msg_4", "thr_1", 4), kAlice).ok());
  EXPECT_TRUE(store->load_item("thr_1", "msg_4", kAlice).ok());
}

TEST_P(StoreConformance, ItemsNeedAnExistingThread) {
  auto& store = store_;
  EXPECT_EQ(store->add_thread_item("thr_none", make_message("msg_1", "thr_none", 1), kAlice).error().code,
            ErrorCode::not_found);
}

TEST_P(StoreConformance, UserMessageKeepsAttachmentMetadata) {
  auto& store = store_;
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  UserMessageItem message;
  message.id = "msg_1";
  message.thread_id = "thr_1";
  message.created_at = at(2);
  message.content.push_back(InputTextContent{.text = "see file"});
  FileAttachment file;
  file.id = "atc_1";
  file.name = "a.txt";
  file.mime_type = "text/plain";
  file.thread_id = "thr_1";
  file.metadata = {{"bucket", "b1"}};
  message.attachments.push_back(file);
  ASSERT_TRUE(store->add_thread_item("thr_1", message, kAlice).ok());

  auto loaded = store->load_item("thr_1", "msg_1", kAlice);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(encode_item_for_storage(*loaded), encode_item_for_storage(message));
  const auto& attachment = std::get<UserMessageItem>(*loaded).attachments.at(0);
  EXPECT_EQ(attachment_common(attachment).metadata["bucket"], "b1");
}

TEST_P(StoreConformance, DeleteThreadRemovesItsItems) {
  auto& store = store_;
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  ASSERT_TRUE(store->save_thread(make_thread("thr_2", 2), kAlice).ok());
  ASSERT_TRUE(store->add_thread_item("thr_1", make_message("msg_1", "thr_1", 1), kAlice).ok());
  ASSERT_TRUE(store->add_thread_item("thr_2", make_message("msg_2", "thr_2", 2), kAlice).ok());

  ASSERT_TRUE(store->delete_thread("thr_1", kAlice).ok());
  EXPECT_EQ(store->load_thread("thr_1", kAlice).error().code, ErrorCode::not_found);
  EXPECT_EQ(store->load_item("thr_1", "msg_1", kAlice).error().code, ErrorCode::not_found);
  // A thread re-created under the same id starts empty: the rows are gone, not hidden.
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 3), kAlice).ok());
  auto page = store->load_thread_items("thr_1", std::nullopt, 10, SortOrder::asc, kAlice);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->data.empty());
  EXPECT_TRUE(store->load_item("thr_2", "msg_2", kAlice).ok());
  EXPECT_EQ(store->delete_thread("thr_missing", kAlice).error().code, ErrorCode::not_found);
}

TEST_P(StoreConformance, DeleteThreadItemRemovesOnlyThatItem) {
  auto& store = store_;
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  ASSERT_TRUE(store->add_thread_item("thr_1", make_message("msg_1", "thr_1", 1), kAlice).ok());
  ASSERT_TRUE(store->add_thread_item("thr_1", make_message("msg_2", "thr_1", 2), kAlice).ok());

  ASSERT_TRUE(store->delete_thread_item("thr_1", "msg_1", kAlice).ok());
  EXPECT_EQ(store->load_item("thr_1", "msg_1", kAlice).error().code, ErrorCode::not_found);
  EXPECT_TRUE(store->load_item("thr_1", "msg_2", kAlice).ok());
  EXPECT_EQ(store->delete_thread_item("thr_1", "msg_1", kAlice).error().code, ErrorCode::not_found);
}

TEST_P(StoreConformance, AttachmentRoundTripAndThreadStamping) {
  auto& store = store_;
  ImageAttachment image;
  image.id = "atc_img";
  image.name = "cat.png";
  image.mime_type = "image/png";
  image.preview_url = "https://example.com/cat.png";
  image.upload_descriptor = UploadDescriptor{.url = "https://upload.example.com", .method = UploadMethod::POST,
                                             .headers = {{"x-key", "v"}}};
  image.metadata = {{"blob", "cat-123"}};
  ASSERT_TRUE(store->save_attachment(image, kAlice).ok());

  auto loaded = store->load_attachment("atc_img", kAlice);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(encode_attachment_for_storage(*loaded), encode_attachment_for_storage(image));
  EXPECT_EQ(attachment_common(*loaded).metadata["blob"], "cat-123");
  EXPECT_FALSE(attachment_common(*loaded).thread_id.has_value());

  // The server re-saves the record once a message uses it (docs/PROTOCOL.md §2.11).
  image.thread_id = "thr_1";
  image.upload_descriptor.reset();
  ASSERT_TRUE(store->save_attachment(image, kAlice).ok());
  auto stamped = store->load_attachment("atc_img", kAlice);
  ASSERT_TRUE(stamped.ok());
  EXPECT_EQ(attachment_common(*stamped).thread_id, "thr_1");
  EXPECT_FALSE(attachment_common(*stamped).upload_descriptor.has_value());
  EXPECT_EQ(attachment_common(*stamped).metadata["blob"], "cat-123");

  ASSERT_TRUE(store->delete_attachment("atc_img", kAlice).ok());
  EXPECT_EQ(store->load_attachment("atc_img", kAlice).error().code, ErrorCode::not_found);
  EXPECT_EQ(store->delete_attachment("atc_img", kAlice).error().code, ErrorCode::not_found);
}


TEST_P(StoreConformance, DeletingAThreadsAttachmentsReturnsThemAndOnlyThem) {
  auto& store = store_;
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_a", "thr_1"), kAlice));
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_b", "thr_1"), kAlice));
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_c", "thr_2"), kAlice));
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_d"), kAlice));
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_e", "thr_1"), kBob));
  auto deleted = store->delete_thread_attachments("thr_1", kAlice);
  ASSERT_TRUE(deleted) << describe(deleted.error());
  std::vector<std::string> ids;
  for (const auto& attachment : *deleted) ids.push_back(attachment_common(attachment).id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"atc_a", "atc_b"}));
  EXPECT_EQ(attachment_common(deleted->at(0)).metadata["blob"], "b-" + ids[0]) << "with the server-only state";
  EXPECT_TRUE(store->load_attachment("atc_c", kAlice));
  EXPECT_TRUE(store->load_attachment("atc_e", kBob)) << "another user's thread of the same id";
  EXPECT_TRUE(store->delete_thread_attachments("thr_1", kAlice)->empty());
}

TEST_P(StoreConformance, ConcurrentWritersAreSerialized) {
  auto& store = store_;
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 25; ++i) {
        const auto id = "msg_" + std::to_string(w) + "_" + std::to_string(i);
        if (!store->add_thread_item("thr_1", make_message(id, "thr_1", i), kAlice).ok()) ++failures;
        if (!store->load_thread_items("thr_1", std::nullopt, 5, SortOrder::desc, kAlice).ok()) ++failures;
      }
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  auto page = store->load_thread_items("thr_1", std::nullopt, 1000, SortOrder::asc, kAlice);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->data.size(), 100u);
}

// Reads run on reader connections, which see committed rows only; a read made by a write of a
// batch must see the rows the batch wrote before it (they commit together, later).
TEST_P(StoreConformance, ReadsInsideABatchSeeTheBatchsOwnRows) {
  auto& store = store_;
  std::vector<Store::Write> writes;
  writes.push_back([&](Store& s) { return s.save_thread(make_thread("thr_1", 1), kAlice); });
  writes.push_back([&](Store& s) -> Status {
    auto thread = s.load_thread("thr_1", kAlice);  // written by the write before, not yet committed
    if (!thread) return thread.error();
    return s.add_thread_item("thr_1", make_message("msg_1", "thr_1", 2), kAlice);
  });
  const auto results = store->write_batch(writes);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_TRUE(results[1].ok()) << describe(results[1].error());
  EXPECT_TRUE(store->load_item("thr_1", "msg_1", kAlice).ok());
}

TEST_P(StoreConformance, ReadersSeeWhatAnotherThreadCommitted) {
  auto& store = store_;
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  ASSERT_TRUE(store->load_thread("thr_1", kAlice).ok());  // a reader connection now exists
  std::thread([&] { ASSERT_TRUE(store->save_thread(make_thread("thr_2", 2), kAlice).ok()); }).join();
  auto page = store->load_threads(10, std::nullopt, SortOrder::asc, kAlice);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids_of(*page), (std::vector<std::string>{"thr_1", "thr_2"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreConformance,
                         ::testing::Values(Engine{"sqlite", open_sqlite}, Engine{"postgres", open_postgres}),
                         [](const auto& info) { return info.param.name; });

//------------------------------------------------------------------------------------------------
// PostgreSQL only

TEST(PgStore, AStatementOverTheTimeoutFailsAndTheConnectionIsUsableAfter) {
  pg::Pool pool({.conninfo = testing::PostgresCluster::instance().fresh_database(),
                 .statement_timeout = std::chrono::milliseconds(200)},
                1);
  auto lease = pool.acquire();
  ASSERT_TRUE(lease.ok());
  auto slow = (*lease)->execute("SELECT pg_sleep(2)");
  ASSERT_FALSE(slow.ok());
  EXPECT_NE(describe(slow.error()).find("timeout"), std::string::npos) << describe(slow.error());
  auto after = (*lease)->execute("SELECT 1");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->integer(0, 0), 1);
}

TEST(PgStore, AKilledBackendIsReplacedByTheNextLease) {
  auto& cluster = testing::PostgresCluster::instance();
  pg::Pool pool({.conninfo = cluster.fresh_database()}, 1);
  {
    auto lease = pool.acquire();
    ASSERT_TRUE(lease.ok());
    auto pid = (*lease)->execute("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid.ok());
    ASSERT_TRUE(cluster.psql("postgres", "SELECT pg_terminate_backend(" + pid->text(0, 0) + ")"));
    EXPECT_FALSE((*lease)->execute("SELECT 1").ok());
  }
  auto lease = pool.acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_TRUE((*lease)->execute("SELECT 1").ok());
}

TEST(PgStore, AFullPoolMakesTheNextCallerWaitThenProceed) {
  pg::Pool pool({.conninfo = testing::PostgresCluster::instance().fresh_database()}, 1);
  auto held = std::make_unique<pg::Pool::Lease>(std::move(pool.acquire()).value());
  std::atomic<bool> got{false};
  std::thread waiter([&] { got = pool.acquire().ok(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(got);
  held.reset();
  waiter.join();
  EXPECT_TRUE(got);
}

TEST(PgStore, ThreeStartersMigrateOnce) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  std::atomic<int> opened{0};
  std::vector<std::thread> starters;
  for (int i = 0; i < 3; ++i) {
    starters.emplace_back([&] { opened += PgStore::open({.conninfo = conninfo}).ok() ? 1 : 0; });
  }
  for (auto& starter : starters) starter.join();
  EXPECT_EQ(opened, 3);
  pg::Pool pool({.conninfo = conninfo}, 1);
  auto versions = pool.acquire().value()->execute("SELECT count(*), max(version) FROM schema_version");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->integer(0, 0), 1);
  EXPECT_EQ(versions->integer(0, 1), 1);
}

TEST(PgStore, ANewerSchemaIsRefusedNamingBothVersions) {
  const auto conninfo = testing::PostgresCluster::instance().fresh_database();
  ASSERT_TRUE(PgStore::open({.conninfo = conninfo}).ok());
  pg::Pool pool({.conninfo = conninfo}, 1);
  ASSERT_TRUE(pool.acquire().value()->execute("UPDATE schema_version SET version = 99").ok());
  auto store = PgStore::open({.conninfo = conninfo});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::invalid_state);
  EXPECT_NE(store.error().message.find("99"), std::string::npos);
  EXPECT_NE(store.error().message.find("1"), std::string::npos);
}

TEST(PgStore, BadConnectionStringsFailClearlyWithoutThePassword) {
  for (const std::string conninfo : {"postgres://user:s3cret@127.0.0.1:1/db", "nonsense_keyword=1", "postgres://[bad"}) {
    auto store = PgStore::open({.conninfo = conninfo});
    ASSERT_FALSE(store.ok()) << conninfo;
    const auto message = describe(store.error());
    EXPECT_NE(message.find("database: cannot connect"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace chatkit::server
