#include "server/chatkit/turn.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "core/sse.hpp"
#include "server/common/clock.hpp"
#include "server/chatkit/stream_error.hpp"
#include "server/store/sqlite_store.hpp"

namespace chatkit::server {
namespace {

// Collects the events sent, and checks at each send what the store holds at that moment.
class RecordingOutput final : public StreamOutput {
 public:
  RecordingOutput(Store& store, RequestContext context) : store_(store), context_(std::move(context)) {}
  void send(std::string_view frame) override {
    auto events = decode_sse_events(frame);
    EXPECT_TRUE(events.ok());
    for (auto& event : *events) {
      if (const auto* done = std::get_if<ThreadItemDoneEvent>(&event)) {
        const auto& item = item_base(done->item);
        stored_when_sent.push_back(store_.load_item(item.thread_id, item.id, context_).ok());
      }
      sent.push_back(std::move(event));
    }
  }
  std::vector<ThreadStreamEvent> sent;
  std::vector<bool> stored_when_sent;

 private:
  Store& store_;
  RequestContext context_;
};

template <class F>
void run(F body) {
  boost::asio::io_context io;
  boost::asio::co_spawn(io, body(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run();
}

class TurnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::open(":memory:");
    ASSERT_TRUE(opened.ok());
    store = std::move(*opened);
    thread.id = "thr_turn";
    thread.created_at = monotonic_now();
    ASSERT_TRUE(store->save_thread(thread, context).ok());
    writer_ = std::make_unique<DirectWriter>(*store);
  }
  std::unique_ptr<DirectWriter> writer_;
  AssistantMessageItem assistant(std::string id, std::string text) {
    AssistantMessageItem item;
    item.id = std::move(id);
    item.thread_id = thread.id;
    item.created_at = monotonic_now();
    if (!text.empty()) item.content.push_back(OutputTextContent{.text = std::move(text)});
    return item;
  }
  std::unique_ptr<SqliteStore> store;
  RequestContext context{.user_id = "u1", .locale = ""};
  ThreadMetadata thread;
};

TEST_F(TurnTest, DoneIsStoredBeforeItIsSentAndPendingUpdatesAreNotStored) {
  RecordingOutput output(*store, context);
  Turn turn(*store, *writer_, context, thread, output);
  run([&]() -> awaitable<void> {
    ThreadStreamEvent added = ThreadItemAddedEvent{assistant("msg_a", "")};
    co_await turn.emit(std::move(added));
    ThreadStreamEvent delta = ThreadItemUpdatedEvent{"msg_a", ContentPartTextDelta{.content_index = 0, .delta = "Hi"}};
    co_await turn.emit(std::move(delta));
    EXPECT_FALSE(store->load_item(thread.id, "msg_a", context).ok());  // pending: not stored
    ThreadStreamEvent done = ThreadItemDoneEvent{assistant("msg_a", "Hi")};
    co_await turn.emit(std::move(done));
  });
  ASSERT_EQ(output.sent.size(), 3u);
  EXPECT_EQ(output.stored_when_sent, std::vector<bool>{true});
  EXPECT_EQ(turn.events_sent(), 3u);
}

TEST_F(TurnTest, HiddenItemsAreStoredButNeverSent) {
  RecordingOutput output(*store, context);
  Turn turn(*store, *writer_, context, thread, output);
  run([&]() -> awaitable<void> {
    HiddenContextItem hidden;
    hidden.id = "hc_1";
    hidden.thread_id = thread.id;
    hidden.created_at = monotonic_now();
    hidden.content = "for the model";
    ThreadStreamEvent done = ThreadItemDoneEvent{hidden};
    co_await turn.emit(std::move(done));
  });
  EXPECT_TRUE(output.sent.empty());
  EXPECT_TRUE(store->load_item(thread.id, "hc_1", context).ok());
}

TEST_F(TurnTest, AChangedThreadIsSavedAndAnnouncedAfterTheNextEvent) {
  RecordingOutput output(*store, context);
  Turn turn(*store, *writer_, context, thread, output);
  run([&]() -> awaitable<void> {
    turn.thread.title = "Groceries";
    ThreadStreamEvent progress = ProgressUpdateEvent{.icon = std::nullopt, .text = "working"};
    co_await turn.emit(std::move(progress));
  });
  ASSERT_EQ(output.sent.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<ProgressUpdateEvent>(output.sent[0]));
  const auto* updated = std::get_if<ThreadUpdatedEvent>(&output.sent[1]);
  ASSERT_NE(updated, nullptr);
  EXPECT_EQ(updated->thread.title, "Groceries");
  EXPECT_EQ(store->load_thread(thread.id, context)->title, "Groceries");
}

TEST_F(TurnTest, UpdatesOfStoredWidgetsArePersisted) {
  WidgetItem widget;
  widget.id = "msg_w";
  widget.thread_id = thread.id;
  widget.created_at = monotonic_now();
  widget.widget.value = json{{"type", "Card"}, {"children", json::array({{{"type", "Text"}, {"id", "t"}, {"value", "a"}}})}};
  ASSERT_TRUE(store->add_thread_item(thread.id, widget, context).ok());
  RecordingOutput output(*store, context);
  Turn turn(*store, *writer_, context, thread, output);
  run([&]() -> awaitable<void> {
    ThreadStreamEvent delta = ThreadItemUpdatedEvent{
        "msg_w", WidgetStreamingTextValueDelta{.component_id = "t", .delta = "bc", .done = true}};
    co_await turn.emit(std::move(delta));
  });
  auto stored = store->load_item(thread.id, "msg_w", context);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(std::get<WidgetItem>(*stored).widget.value["children"][0]["value"], "abc");
}

TEST_F(TurnTest, RemovedItemsLeaveTheStoreFirst) {
  ASSERT_TRUE(store->add_thread_item(thread.id, assistant("msg_old", "x"), context).ok());
  RecordingOutput output(*store, context);
  Turn turn(*store, *writer_, context, thread, output);
  run([&]() -> awaitable<void> {
    ThreadStreamEvent removed = ThreadItemRemovedEvent{"msg_old"};
    co_await turn.emit(std::move(removed));
    ThreadStreamEvent never_stored = ThreadItemRemovedEvent{"msg_never"};  // tolerated
    co_await turn.emit(std::move(never_stored));
  });
  EXPECT_EQ(output.sent.size(), 2u);
  EXPECT_FALSE(store->load_item(thread.id, "msg_old", context).ok());
}

TEST_F(TurnTest, AFailedStoreWriteEndsTheStreamWithoutSendingTheEvent) {
  ThreadMetadata unsaved;
  unsaved.id = "thr_unsaved";  // no such thread: the item's insert fails
  unsaved.created_at = monotonic_now();
  RecordingOutput output(*store, context);
  Turn turn(*store, *writer_, context, unsaved, output);
  bool threw = false;
  run([&]() -> awaitable<void> {
    try {
      auto item = assistant("msg_x", "x");
      item.thread_id = unsaved.id;
      ThreadStreamEvent done = ThreadItemDoneEvent{item};
      co_await turn.emit(std::move(done));
    } catch (const StreamError& e) {
      threw = e.event().code == "stream.error" && e.event().allow_retry;
    }
  });
  EXPECT_TRUE(threw);
  EXPECT_TRUE(output.sent.empty());
}

TEST_F(TurnTest, CancellationKeepsPendingTextAndAddsTheHiddenNote) {
  RecordingOutput output(*store, context);
  Turn turn(*store, *writer_, context, thread, output);
  run([&]() -> awaitable<void> {
    ThreadStreamEvent added = ThreadItemAddedEvent{assistant("msg_a", "")};
    co_await turn.emit(std::move(added));
    ThreadStreamEvent delta = ThreadItemUpdatedEvent{"msg_a", ContentPartTextDelta{.content_index = 0, .delta = "par"}};
    co_await turn.emit(std::move(delta));
    ThreadStreamEvent blank = ThreadItemAddedEvent{assistant("msg_blank", "")};
    co_await turn.emit(std::move(blank));
  });
  ASSERT_TRUE(turn.persist_on_cancel().ok());
  auto kept = store->load_item(thread.id, "msg_a", context);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(std::get<AssistantMessageItem>(*kept).content.at(0).text, "par");
  EXPECT_FALSE(store->load_item(thread.id, "msg_blank", context).ok());  // nothing to keep
  auto items = store->load_thread_items(thread.id, std::nullopt, 10, SortOrder::asc, context);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->data.size(), 2u);
  const auto* note = std::get_if<SdkHiddenContextItem>(&items->data.back());
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->content, kCancelledNote);
}

}  // namespace
}  // namespace chatkit::server
