#include "server/chatkit/chatkit_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "core/sse.hpp"
#include "server/chatkit/stream_error.hpp"
#include "server/models/bench_model.hpp"
#include "server/store/sqlite_store.hpp"

namespace chatkit::server {
namespace {

// Sends to nowhere; the client "leaves" after `capacity` events.
class LeavingOutput final : public StreamOutput {
 public:
  explicit LeavingOutput(std::size_t capacity) : capacity_(capacity) {}
  void send(std::string_view frame) override {
    if (sent.size() == capacity_) throw ClientGone();
    auto events = decode_sse_events(frame);
    EXPECT_TRUE(events.ok());
    for (auto& event : *events) sent.push_back(std::move(event));
  }
  std::vector<ThreadStreamEvent> sent;

 private:
  std::size_t capacity_;
};

class FailingActions final : public UseCase {
 public:
  std::string_view name() const override { return "failing"; }
  std::string instructions(const ThreadMetadata&) const override { return "test"; }
  awaitable<void> action(Turn& turn, const Action&, const std::optional<WidgetItem>&) override {
    turn.thread.title = "renamed before failing";
    throw StreamError::custom("The list is locked.", true);
    co_return;
  }
};

ThreadItem widget_offering(const std::string& thread_id, const std::string& action_type) {
  WidgetItem widget;
  widget.id = "msg_w";
  widget.thread_id = thread_id;
  widget.widget.value = json::parse(R"({"type":"Card","children":[{"type":"Button","label":"Go","onClickAction":{"type":")" +
                                    action_type + R"("}}]})");
  return widget;
}

class ChatKitServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::open(":memory:");
    ASSERT_TRUE(opened.ok());
    store = std::move(*opened);
  }
  void run(PreparedStream& stream, StreamOutput& output, StreamSummary& summary, ChatKitServer& server) {
    boost::asio::io_context io;
    boost::asio::co_spawn(io, server.run(stream, output, summary), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
    io.run();
  }
  CreateThread create_request() {
    CreateThread request;
    request.params.input.content.push_back(InputTextContent{.text = "hello"});
    return request;
  }
  std::unique_ptr<SqliteStore> store;
  FailingActions use_case;
  BenchModel model{{.deltas = 10}};
  RequestContext context{.user_id = "u1", .locale = ""};
};

TEST_F(ChatKitServerTest, AClientThatLeavesCancelsTheRunAndThePartialAnswerIsKept) {
  ChatKitServer server(*store, use_case, model);
  auto prepared = server.prepare(create_request(), context);
  ASSERT_TRUE(prepared.ok());
  // thread.created, user message done, stream_options, added, part added, 3 deltas: then gone.
  LeavingOutput output(8);
  StreamSummary summary;
  run(*prepared, output, summary, server);
  EXPECT_TRUE(summary.cancelled);
  EXPECT_FALSE(summary.error.has_value());
  EXPECT_EQ(summary.events_sent, 8u);
  auto items = store->load_thread_items(prepared->thread.id, std::nullopt, 10, SortOrder::asc, context);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->data.size(), 3u);  // user message, partial answer, hidden note
  // The pending copy is updated before each send (§4.6), so the delta whose send found the client
  // gone is kept too: the text the model produced, not only what reached the client.
  EXPECT_EQ(std::get<AssistantMessageItem>(items->data[1]).content.at(0).text, "word0 word1 word2 word3 ");
  EXPECT_TRUE(std::holds_alternative<SdkHiddenContextItem>(items->data[2]));
}

TEST_F(ChatKitServerTest, AnApplicationErrorBecomesOneErrorEventThenTheThreadUpdate) {
  ChatKitServer server(*store, use_case, model);
  ThreadMetadata thread;
  thread.id = "thr_t";
  ASSERT_TRUE(store->save_thread(thread, context).ok());
  ASSERT_TRUE(store->add_thread_item(thread.id, widget_offering(thread.id, "todo.add"), context).ok());
  CustomAction request;
  request.params.thread_id = thread.id;
  request.params.item_id = "msg_w";
  request.params.action.type = "todo.add";
  auto prepared = server.prepare(request, context);
  ASSERT_TRUE(prepared.ok()) << describe(prepared.error());
  LeavingOutput output(100);
  StreamSummary summary;
  run(*prepared, output, summary, server);
  ASSERT_EQ(output.sent.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<StreamOptionsEvent>(output.sent[0]));
  const auto& error = std::get<ErrorEvent>(output.sent[1]);
  EXPECT_EQ(error.code, "custom");
  EXPECT_EQ(error.message, "The list is locked.");
  EXPECT_TRUE(error.allow_retry);
  EXPECT_EQ(std::get<ThreadUpdatedEvent>(output.sent[2]).thread.title, "renamed before failing");
  EXPECT_FALSE(summary.cancelled);
}

TEST_F(ChatKitServerTest, RequestsThatCannotStartAreRefusedBeforeAnyWrite) {
  ChatKitServer server(*store, use_case, model);
  ThreadMetadata thread;
  thread.id = "thr_t";
  ASSERT_TRUE(store->save_thread(thread, context).ok());
  ASSERT_TRUE(store->add_thread_item(thread.id, widget_offering(thread.id, "todo.add"), context).ok());

  CustomAction unoffered;
  unoffered.params.thread_id = thread.id;
  unoffered.params.item_id = "msg_w";
  unoffered.params.action.type = "todo.delete_everything";
  auto refused = server.prepare(unoffered, context);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::action_refused);

  RetryAfterItem retry_widget;
  retry_widget.params = {.thread_id = thread.id, .item_id = "msg_w"};
  auto not_user = server.prepare(retry_widget, context);
  ASSERT_FALSE(not_user.ok());
  EXPECT_EQ(not_user.error().code, ErrorCode::invalid_state);

  AddUserMessage foreign;
  foreign.params.thread_id = thread.id;
  auto other_user = server.prepare(foreign, RequestContext{.user_id = "u2", .locale = ""});
  ASSERT_FALSE(other_user.ok());
  EXPECT_EQ(other_user.error().code, ErrorCode::not_found);
  EXPECT_EQ(other_user.error().path, "$.params.thread_id");

  AddClientToolOutput no_pending;
  no_pending.params.thread_id = thread.id;
  auto no_call = server.prepare(no_pending, context);
  ASSERT_FALSE(no_call.ok());
  EXPECT_EQ(no_call.error().code, ErrorCode::invalid_state);

  auto items = store->load_thread_items(thread.id, std::nullopt, 10, SortOrder::asc, context);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(items->data.size(), 1u);
}

}  // namespace
}  // namespace chatkit::server
