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

TEST_F(SqliteStoreTest, ThreadRoundTripKeepsEveryField) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, SaveThreadUpserts) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ThreadMetadata thread = make_thread("thr_1", 10);
  ASSERT_TRUE(store->save_thread(thread, kAlice).ok());
  thread.title = "Renamed";
  ASSERT_TRUE(store->save_thread(thread, kAlice).ok());

  EXPECT_EQ(store->load_thread("thr_1", kAlice)->title, "Renamed");
  auto page = store->load_threads(10, std::nullopt, SortOrder::desc, kAlice);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids_of(*page), std::vector<std::string>{"thr_1"});
}

TEST_F(SqliteStoreTest, UpdateThreadNeverBringsADeletedThreadBack) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, MissingThreadIsNotFound) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto loaded = store->load_thread("thr_none", kAlice);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::not_found);
}

//------------------------------------------------------------------------------------------------
// Isolation between users (docs/PROTOCOL.md §7.4)

TEST_F(SqliteStoreTest, AnotherUserCannotSeeOrChangeAThread) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, AnotherUserCannotSeeOrDeleteAnAttachment) {
  auto store = open_store();
  ASSERT_TRUE(store);
  FileAttachment file;
  file.id = "atc_1";
  file.name = "a.txt";
  file.mime_type = "text/plain";
  ASSERT_TRUE(store->save_attachment(file, kAlice).ok());

  EXPECT_EQ(store->load_attachment("atc_1", kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store->delete_attachment("atc_1", kBob).error().code, ErrorCode::not_found);
  EXPECT_TRUE(store->load_attachment("atc_1", kAlice).ok());
}

//------------------------------------------------------------------------------------------------
// Paging (docs/PROTOCOL.md §7.3)

TEST_F(SqliteStoreTest, ThreadsPageNewestFirst) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, ThreadsPageOldestFirstAndLimitPlusOne) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, EqualCreatedAtPagesStablyByInsertionOrder) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, UnknownAfterIsNotFound) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  EXPECT_EQ(store->load_threads(5, "thr_missing", SortOrder::desc, kAlice).error().code, ErrorCode::not_found);
  // Another user's id is as unknown as a missing one.
  EXPECT_EQ(store->load_threads(5, "thr_1", SortOrder::desc, kBob).error().code, ErrorCode::not_found);
  EXPECT_EQ(store->load_thread_items("thr_1", "msg_missing", 5, SortOrder::asc, kAlice).error().code,
            ErrorCode::not_found);
}

TEST_F(SqliteStoreTest, LimitBelowOneIsRefused) {
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->load_threads(0, std::nullopt, SortOrder::desc, kAlice).error().code, ErrorCode::invalid_request);
  EXPECT_EQ(store->load_thread_items("thr_1", std::nullopt, -1, SortOrder::desc, kAlice).error().code,
            ErrorCode::invalid_request);
}

TEST_F(SqliteStoreTest, ItemsPageInBothOrders) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

//------------------------------------------------------------------------------------------------
// Items

TEST_F(SqliteStoreTest, AddThreadItemTwiceUpsertsAndKeepsPosition) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, SaveItemReplacesContentInPlace) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, ItemsNeedAnExistingThread) {
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->add_thread_item("thr_none", make_message("msg_1", "thr_none", 1), kAlice).error().code,
            ErrorCode::not_found);
}

TEST_F(SqliteStoreTest, UserMessageKeepsAttachmentMetadata) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, DeleteThreadRemovesItsItems) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, DeleteThreadItemRemovesOnlyThatItem) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  ASSERT_TRUE(store->add_thread_item("thr_1", make_message("msg_1", "thr_1", 1), kAlice).ok());
  ASSERT_TRUE(store->add_thread_item("thr_1", make_message("msg_2", "thr_1", 2), kAlice).ok());

  ASSERT_TRUE(store->delete_thread_item("thr_1", "msg_1", kAlice).ok());
  EXPECT_EQ(store->load_item("thr_1", "msg_1", kAlice).error().code, ErrorCode::not_found);
  EXPECT_TRUE(store->load_item("thr_1", "msg_2", kAlice).ok());
  EXPECT_EQ(store->delete_thread_item("thr_1", "msg_1", kAlice).error().code, ErrorCode::not_found);
}

//------------------------------------------------------------------------------------------------
// Attachments

TEST_F(SqliteStoreTest, AttachmentRoundTripAndThreadStamping) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

FileAttachment file_attachment(const std::string& id, std::optional<std::string> thread_id = std::nullopt) {
  FileAttachment file;
  file.id = id;
  file.name = id + ".txt";
  file.mime_type = "text/plain";
  file.thread_id = std::move(thread_id);
  file.metadata = {{"blob", "b-" + id}};
  return file;
}

TEST_F(SqliteStoreTest, DeletingAThreadsAttachmentsReturnsThemAndOnlyThem) {
  auto store = open_store();
  ASSERT_TRUE(store);
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

TEST_F(SqliteStoreTest, ConcurrentWritersAreSerialized) {
  auto store = open_store();
  ASSERT_TRUE(store);
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
TEST_F(SqliteStoreTest, ReadsInsideABatchSeeTheBatchsOwnRows) {
  auto store = open_store();
  ASSERT_TRUE(store);
  std::vector<SqliteStore::Write> writes;
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

TEST_F(SqliteStoreTest, ReadersSeeWhatAnotherThreadCommitted) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->save_thread(make_thread("thr_1", 1), kAlice).ok());
  ASSERT_TRUE(store->load_thread("thr_1", kAlice).ok());  // a reader connection now exists
  std::thread([&] { ASSERT_TRUE(store->save_thread(make_thread("thr_2", 2), kAlice).ok()); }).join();
  auto page = store->load_threads(10, std::nullopt, SortOrder::asc, kAlice);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids_of(*page), (std::vector<std::string>{"thr_1", "thr_2"}));
}

// Under a steady load of commits and reads a PASSIVE checkpoint never lets SQLite start the WAL
// over; the checkpointer's RESTART must, or the WAL grows without bound (1.8 GB in 10 s was seen).
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
