#include "server/store/sqlite_store.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/protocol/responses.hpp"
#include "server/store/sqlite.hpp"

namespace chatkit::server {
namespace {

namespace fs = std::filesystem;

const RequestContext kAlice{.user_id = "alice", .locale = "en"};
const RequestContext kBob{.user_id = "bob", .locale = "fr"};

Timestamp at(std::int64_t seconds) { return Timestamp{seconds * 1'000'000}; }

ThreadMetadata make_thread(const std::string& id, std::int64_t seconds) {
  ThreadMetadata thread;
  thread.id = id;
  thread.created_at = at(seconds);
  return thread;
}

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

// Each test gets its own directory under the system temp dir, removed afterwards.
class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("chatkit_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string db_path() const { return (dir_ / "store.db").string(); }

  std::unique_ptr<SqliteStore> open_store() {
    auto store = SqliteStore::open(db_path());
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : describe(store.error()));
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // Runs raw SQL on the file through a second connection (to break or age the database).
  void exec_raw(const std::string& sql) {
    auto db = sqlite::Database::open(db_path());
    ASSERT_TRUE(db.ok());
    auto status = db->exec(sql);
    ASSERT_TRUE(status.ok()) << describe(status.error());
  }

  fs::path dir_;
};

//------------------------------------------------------------------------------------------------
// Threads

//------------------------------------------------------------------------------------------------
// Isolation between users (docs/PROTOCOL.md §7.4)

//------------------------------------------------------------------------------------------------
// Paging (docs/PROTOCOL.md §7.3)

//------------------------------------------------------------------------------------------------
// Items

//------------------------------------------------------------------------------------------------
// Attachments

FileAttachment file_attachment(const std::string& id, std::optional<std::string> thread_id = std::nullopt) {
  FileAttachment file;
  file.id = id;
  file.name = id + ".txt";
  file.mime_type = "text/plain";
  file.thread_id = std::move(thread_id);
  file.metadata = {{"blob", "b-" + id}};
  return file;
}

TEST_F(SqliteStoreTest, ExpiredAttachmentsAreTheOldOnesNoLiveThreadCarries) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->save_thread(make_thread("thr_live", 1), kAlice));
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_unsent"), kAlice));
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_sent", "thr_live"), kAlice));
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_orphan", "thr_gone"), kBob));
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_young"), kBob));
  exec_raw("UPDATE attachments SET created_at = 1000 WHERE id != 'atc_young'");
  EXPECT_TRUE(store->delete_expired_attachments(1000, 10)->empty()) << "created before, not at";
  auto one = store->delete_expired_attachments(2000, 1);
  ASSERT_TRUE(one) << describe(one.error());
  EXPECT_EQ(one->size(), 1u) << "at most the limit";
  auto rest = store->delete_expired_attachments(2000, 10);
  ASSERT_TRUE(rest);
  std::vector<std::string> swept{one->at(0).user_id + ":" + attachment_common(one->at(0).attachment).id};
  for (const auto& owned : *rest) swept.push_back(owned.user_id + ":" + attachment_common(owned.attachment).id);
  std::sort(swept.begin(), swept.end());
  EXPECT_EQ(swept, (std::vector<std::string>{"alice:atc_unsent", "bob:atc_orphan"}));
  EXPECT_TRUE(store->load_attachment("atc_sent", kAlice));
  EXPECT_TRUE(store->load_attachment("atc_young", kBob));
}

TEST_F(SqliteStoreTest, ASecondSaveKeepsTheCreationTime) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_a"), kAlice));
  exec_raw("UPDATE attachments SET created_at = 1000");
  ASSERT_TRUE(store->save_attachment(file_attachment("atc_a"), kAlice));
  EXPECT_EQ(store->delete_expired_attachments(2000, 10)->size(), 1u) << "still as old as it was";
}

//------------------------------------------------------------------------------------------------
// The file

TEST_F(SqliteStoreTest, DataSurvivesReopening) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    ThreadMetadata thread = make_thread("thr_1", 1);
    thread.title = "Kept";
    ASSERT_TRUE(store->save_thread(thread, kAlice).ok());
    ASSERT_TRUE(store->add_thread_item("thr_1", make_message("msg_1", "thr_1", 2), kAlice).ok());
  }
  auto reopened = open_store();
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->load_thread("thr_1", kAlice)->title, "Kept");
  auto item = reopened->load_item("thr_1", "msg_1", kAlice);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(text_of(*item), "hello");
}

TEST_F(SqliteStoreTest, FileIsInWriteAheadLogMode) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  EXPECT_TRUE(fs::exists(db_path() + "-wal"));
}

// Under a steady load of commits and reads a PASSIVE checkpoint never lets SQLite start the WAL
// over; the checkpointer's RESTART must, or the WAL grows without bound (1.8 GB in 10 s was seen).
// When that thread misses its turns (a loaded machine: 69 MB was seen once), the writer restarts
// the WAL itself beyond twice the checkpointer's mark, so the bound holds however threads are run.
TEST_F(SqliteStoreTest, WalStaysBoundedUnderASteadyLoadOfWritesAndReads) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  constexpr int kItems = 12000;
  const std::string text(1500, 'x');  // each commit writes at least a table page and an index page
  std::atomic<bool> writing{true};
  std::thread reader([&] {
    while (writing) EXPECT_TRUE(store->load_thread_items("thr_1", std::nullopt, 3, SortOrder::desc, kAlice).ok());
  });
  std::uintmax_t largest = 0;
  for (int i = 0; i < kItems; ++i) {
    ASSERT_TRUE(store->add_thread_item("thr_1", make_message("msg_" + std::to_string(i), "thr_1", 2, text), kAlice).ok());
    if (i % 50 == 0) largest = std::max(largest, fs::file_size(db_path() + "-wal"));
  }
  writing = false;
  reader.join();
  // kItems commits of two 4 KiB pages or more would make a WAL of 96 MB or more if it never
  // restarted; restarts at 16 MiB keep it near that.
  EXPECT_LT(largest, 48u * 1024 * 1024);
}

// The writer's own backstop, with no checkpointer at all: past its limit each commit restarts the
// WAL, so the file stays near the limit (without it: 2,000 commits of 2 pages or more, 16 MB).
TEST_F(SqliteStoreTest, AConnectionRestartsItsOwnWalBeyondItsLimit) {
  auto db = sqlite::Database::open(db_path());
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; "
                       "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"));
  db->restart_wal_beyond(100);
  auto insert = db->prepare("INSERT INTO notes (body) VALUES (?1)");
  ASSERT_TRUE(insert);
  const std::string body(1500, 'x');
  for (int i = 0; i < 2000; ++i) {
    auto use = insert->use();
    insert->bind(1, body);
    ASSERT_TRUE(insert->step());
  }
  // 100 frames of 4 KiB, and the last commit's few: never the 16 MB of a WAL that is not restarted.
  EXPECT_LT(fs::file_size(db_path() + "-wal"), 1u * 1024 * 1024);
  auto count = db->prepare("SELECT count(*) FROM notes");
  ASSERT_TRUE(count);
  auto use = count->use();
  ASSERT_TRUE(count->step());
  EXPECT_EQ(count->column_int(0), 2000);
}

// Another connection's write lock (the checkpointer's RESTART, another process) is waited for,
// in short steps, and a write that waits too long fails instead of hanging.
TEST_F(SqliteStoreTest, AWriteWaitsForAnotherConnectionsLockAndThenSucceeds) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto other = sqlite::Database::open(db_path());
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->exec("BEGIN IMMEDIATE").ok());
  std::thread holder([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    EXPECT_TRUE(other->exec("COMMIT").ok());
  });
  const Status saved = store->save_thread(make_thread("thr_1", 1), kAlice);  // busy until the COMMIT
  holder.join();
  EXPECT_TRUE(saved.ok()) << describe(saved.error());
  EXPECT_TRUE(store->load_thread("thr_1", kAlice).ok());
}

TEST_F(SqliteStoreTest, AWriteGivesUpWhenTheLockOutlastsItsBusyTimeout) {
  ASSERT_TRUE(open_store());  // creates the schema
  auto holder = sqlite::Database::open(db_path());
  auto waiter = sqlite::Database::open(db_path());
  ASSERT_TRUE(holder.ok() && waiter.ok());
  waiter->set_busy_timeout(std::chrono::milliseconds(20));
  ASSERT_TRUE(holder->exec("BEGIN IMMEDIATE").ok());
  const Status begun = waiter->exec("BEGIN IMMEDIATE");
  ASSERT_FALSE(begun.ok());
  EXPECT_NE(begun.error().message.find("locked"), std::string::npos) << begun.error().message;
  EXPECT_TRUE(holder->exec("COMMIT").ok());
  EXPECT_TRUE(waiter->exec("BEGIN IMMEDIATE").ok()) << "free again";
  EXPECT_TRUE(waiter->exec("COMMIT").ok());
}

TEST_F(SqliteStoreTest, InMemoryDatabaseWorks) {
  auto store = SqliteStore::open(":memory:");
  ASSERT_TRUE(store.ok()) << describe(store.error());
  ASSERT_TRUE((*store)->save_thread(make_thread("thr_1", 1), kAlice).ok());
  EXPECT_TRUE((*store)->load_thread("thr_1", kAlice).ok());
}

TEST_F(SqliteStoreTest, NewerSchemaVersionIsRefused) {
  ASSERT_TRUE(open_store());
  exec_raw("UPDATE schema_version SET version = 999");
  auto store = SqliteStore::open(db_path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::invalid_state);
  EXPECT_NE(store.error().message.find("999"), std::string::npos) << store.error().message;
}

TEST_F(SqliteStoreTest, UnopenablePathIsAnError) {
  auto store = SqliteStore::open((dir_ / "no_such_dir" / "store.db").string());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::internal);
}

TEST_F(SqliteStoreTest, CorruptJsonIsAnInternalErrorNamingTheRow) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->save_thread(make_thread("thr_bad", 1), kAlice).ok());
    ASSERT_TRUE(store->add_thread_item("thr_bad", make_message("msg_bad", "thr_bad", 2), kAlice).ok());
    ASSERT_TRUE(store->add_thread_item("thr_bad", make_message("msg_ok", "thr_bad", 3), kAlice).ok());
  }
  exec_raw("UPDATE threads SET data = '{\"id\": \"thr_bad\", trunc' WHERE id = 'thr_bad';"
           "UPDATE items SET data = '{\"id\": \"msg_bad\", \"type\": \"no_such_type\"}' WHERE id = 'msg_bad';");
  auto store = open_store();
  ASSERT_TRUE(store);

  auto thread = store->load_thread("thr_bad", kAlice);
  ASSERT_FALSE(thread.ok());
  EXPECT_EQ(thread.error().code, ErrorCode::internal);
  EXPECT_NE(thread.error().message.find("thr_bad"), std::string::npos) << thread.error().message;
  EXPECT_EQ(store->load_threads(5, std::nullopt, SortOrder::desc, kAlice).error().code, ErrorCode::internal);

  auto item = store->load_item("thr_bad", "msg_bad", kAlice);
  ASSERT_FALSE(item.ok());
  EXPECT_EQ(item.error().code, ErrorCode::internal);
  EXPECT_NE(item.error().message.find("msg_bad"), std::string::npos) << item.error().message;
  EXPECT_EQ(store->load_thread_items("thr_bad", std::nullopt, 5, SortOrder::asc, kAlice).error().code,
            ErrorCode::internal);
  // The healthy row is still readable.
  EXPECT_TRUE(store->load_item("thr_bad", "msg_ok", kAlice).ok());
}

}  // namespace
}  // namespace chatkit::server
