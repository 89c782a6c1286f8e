// Every streaming request over real HTTP: the event order of docs/PROTOCOL.md §4.3, stream_options at
// the place §4.4 gives, consistent ids, and a store that afterwards holds what was sent as done.
// Also the deliberate improvement of §1.5b: a stream that cannot start is a 4xx JSON answer that
// writes nothing.
#include <gtest/gtest.h>

#include "core/protocol/items.hpp"
#include "core/sse.hpp"
#include "test_util.hpp"

namespace chatkit::testing {
namespace {

using server::SqliteStore;

constexpr int kDeltas = 3;  // bench:3

class StreamingTest : public ::testing::Test {
 protected:
  std::uint16_t port() const { return harness_.port(); }
  server::SqliteStore& store() { return harness_.store(); }

  // items.list (asc) of a thread, as JSON items.
  std::vector<json> listed_items(const std::string& thread_id) {
    const auto response = post_chatkit(port(), request("items.list", {{"thread_id", thread_id}, {"order", "asc"}, {"limit", 100}}));
    EXPECT_EQ(response.status, 200) << response.body;
    const json body = response.json_body();
    return body.is_object() ? body["data"].get<std::vector<json>>() : std::vector<json>{};
  }

  json stored_item(const std::string& thread_id, const std::string& item_id) {
    auto item = store().load_item(thread_id, item_id, kLocalUser);
    EXPECT_TRUE(item.ok()) << item_id;
    return item.ok() ? encode_item(*item) : json();
  }

  // A thread made through the API with one exchange: [user message, assistant message].
  std::string make_thread(StreamResult* result = nullptr) {
    const auto id = create_thread(port(), "hello", result);
    EXPECT_FALSE(id.empty());
    return id;
  }

  // A streaming request refused before it started: a JSON error, no SSE, no store write.
  void expect_refused(const json& body, int status, const std::string& code, const std::string& path) {
    const RowCounts before = row_counts(harness_.db_path());
    const auto response = post_chatkit(port(), body);
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(response.header("content-type"), "application/json");
    const json error = error_of(response);
    EXPECT_EQ(error.value("code", ""), code) << response.body;
    if (!path.empty()) {
      EXPECT_EQ(error.value("path", ""), path) << response.body;
    }
    EXPECT_FALSE(error.value("message", "").empty());
    EXPECT_EQ(response.body.find("data:"), std::string::npos);
    EXPECT_EQ(row_counts(harness_.db_path()), before) << "a refused stream wrote to the store";
  }

  ServerHarness harness_{HarnessOptions{.model = "bench:3"}};
};

TEST_F(StreamingTest, CreateThreadFollowsTheTypicalOrderAndPersistsEveryDoneItem) {
  StreamResult stream;
  const std::string thread_id = make_thread(&stream);
  ASSERT_EQ(stream.status, 200);
  EXPECT_EQ(stream.head.header("content-type"), "text/event-stream");
  EXPECT_TRUE(stream.ended_cleanly);
  ASSERT_EQ(stream.events.size(), 3u + kDeltas + 4) << stream.raw;

  const json& created = stream.events[0];
  EXPECT_EQ(created["type"], "thread.created");
  EXPECT_EQ(created["thread"]["status"], json({{"type", "active"}}));
  EXPECT_EQ(created["thread"]["metadata"], json::object());
  EXPECT_EQ(created["thread"]["items"], json({{"data", json::array()}, {"has_more", false}}));
  EXPECT_FALSE(created["thread"].contains("title"));
  EXPECT_TRUE(thread_id.starts_with("thr_"));

  const json& user = stream.events[1];
  EXPECT_EQ(user["type"], "thread.item.done");
  EXPECT_EQ(user["item"]["type"], "user_message");
  EXPECT_EQ(user["item"]["thread_id"], thread_id);
  EXPECT_EQ(user["item"]["content"], json::parse(R"([{"type":"input_text","text":"hello"}])"));
  EXPECT_EQ(user["item"]["attachments"], json::array());
  EXPECT_EQ(user["item"]["inference_options"], json::object());

  EXPECT_EQ(stream.events[2], json::parse(R"({"type":"stream_options","stream_options":{"allow_cancel":true}})"));
  const auto answer = check_bench_answer(stream.events, 3, kDeltas, thread_id);
  ASSERT_EQ(answer.problem, "");
  EXPECT_EQ(answer.next, stream.events.size());
  EXPECT_NE(answer.id, user["item"]["id"]);

  // The store holds exactly the done items, as they were sent.
  EXPECT_EQ(listed_items(thread_id), (std::vector<json>{user["item"], answer.done_item}));
  const auto thread = post_chatkit(port(), request("threads.get_by_id", {{"thread_id", thread_id}})).json_body();
  EXPECT_EQ(thread["id"], thread_id);
  EXPECT_EQ(thread["created_at"], created["thread"]["created_at"]);
  EXPECT_EQ(thread["items"]["data"], json::array({user["item"], answer.done_item}));

  // And a second connection to the file sees the same (it was committed, not just cached).
  auto reopened = SqliteStore::open(harness_.db_path().string());
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(all_items_json(**reopened, thread_id), (std::vector<json>{user["item"], answer.done_item}));
}

TEST_F(StreamingTest, AddUserMessageDropsThreadCreatedAndAppends) {
  StreamResult first;
  const std::string thread_id = make_thread(&first);
  const auto stream = stream_chatkit(port(), add_user_message_request(thread_id, "again"));
  ASSERT_EQ(stream.status, 200);
  ASSERT_EQ(stream.events.size(), 2u + kDeltas + 4) << stream.raw;
  EXPECT_EQ(stream.events[0]["type"], "thread.item.done");
  EXPECT_EQ(stream.events[0]["item"]["type"], "user_message");
  EXPECT_EQ(stream.events[0]["item"]["content"][0]["text"], "again");
  EXPECT_EQ(stream.events[1]["type"], "stream_options");
  const auto answer = check_bench_answer(stream.events, 2, kDeltas, thread_id);
  ASSERT_EQ(answer.problem, "");
  EXPECT_EQ(stream.index_of("thread.updated"), -1) << "nothing changed the thread";

  const auto items = listed_items(thread_id);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0], first.events[1]["item"]);
  EXPECT_EQ(items[2], stream.events[0]["item"]);
  EXPECT_EQ(items[3], answer.done_item);
}

TEST_F(StreamingTest, TitleSetInAfterRespondIsAnnouncedLastAndSaved) {
  harness_.probe().set_title_after_respond("Probe title");
  StreamResult stream;
  const std::string thread_id = make_thread(&stream);
  ASSERT_EQ(stream.events.size(), 3u + kDeltas + 5) << stream.raw;
  ASSERT_EQ(check_bench_answer(stream.events, 3, kDeltas, thread_id).problem, "");
  const json& updated = stream.events.back();
  EXPECT_EQ(updated["type"], "thread.updated");
  EXPECT_EQ(updated["thread"]["id"], thread_id);
  EXPECT_EQ(updated["thread"]["title"], "Probe title");
  EXPECT_EQ(updated["thread"]["metadata"], json::object());
  EXPECT_EQ(updated["thread"]["items"], json({{"data", json::array()}, {"has_more", false}}));

  const auto thread = post_chatkit(port(), request("threads.get_by_id", {{"thread_id", thread_id}})).json_body();
  EXPECT_EQ(thread["title"], "Probe title");

  // The same title again is no change: no thread.updated.
  const auto again = stream_chatkit(port(), add_user_message_request(thread_id, "more"));
  EXPECT_EQ(again.index_of("thread.updated"), -1) << again.raw;
}

TEST_F(StreamingTest, ClientToolOutputCompletesThePendingCallSweepsOthersAndContinues) {
  const std::string thread_id = make_thread();
  const auto older = seed_pending_tool_call(store(), thread_id);
  const auto call = seed_pending_tool_call(store(), thread_id);
  const json result = {{"selection", "some text"}, {"n", 3}};
  const auto stream = stream_chatkit(port(), request("threads.add_client_tool_output", {{"thread_id", thread_id}, {"result", result}}));
  ASSERT_EQ(stream.status, 200) << stream.head.body;
  ASSERT_EQ(stream.events.size(), 1u + kDeltas + 4) << stream.raw;
  EXPECT_EQ(stream.events[0]["type"], "stream_options") << "stream_options comes first (§4.4)";
  const auto answer = check_bench_answer(stream.events, 1, kDeltas, thread_id);
  ASSERT_EQ(answer.problem, "");

  const json stored = stored_item(thread_id, call.id);
  EXPECT_EQ(stored["status"], "completed");
  EXPECT_EQ(stored["output"], result);
  EXPECT_EQ(stored["call_id"], "call_probe");
  EXPECT_FALSE(store().load_item(thread_id, older.id, kLocalUser).ok()) << "the older pending call is swept";
  const auto items = listed_items(thread_id);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[2], stored);
  EXPECT_EQ(items[3], answer.done_item);

  // No pending call any more: a second output is refused up front.
  expect_refused(request("threads.add_client_tool_output", {{"thread_id", thread_id}, {"result", 1}}), 400,
                 "invalid_state", "");
}

TEST_F(StreamingTest, StructuredInputIsReplacedWithTheAnswersThenAnswered) {
  const std::string thread_id = make_thread();
  const auto pending = seed_structured_input(store(), thread_id);
  const json body = request("threads.add_structured_input",
                            {{"thread_id", thread_id},
                             {"item_id", pending.id},
                             {"input", {{"status", "answered"}, {"answers", {{"priority", {{"values", {"High", "Low"}}}}}}}}});
  const auto stream = stream_chatkit(port(), body);
  ASSERT_EQ(stream.status, 200) << stream.head.body;
  ASSERT_EQ(stream.events.size(), 2u + kDeltas + 4) << stream.raw;
  EXPECT_EQ(stream.events[0]["type"], "stream_options");
  const json& replaced = stream.events[1];
  EXPECT_EQ(replaced["type"], "thread.item.replaced");
  EXPECT_EQ(replaced["item"]["id"], pending.id);
  EXPECT_EQ(replaced["item"]["status"], "answered");
  // Single choice keeps the first value; an unanswered question is skipped (§2.4).
  EXPECT_EQ(replaced["item"]["inputs"][0]["answer"], json({{"values", {"High"}}, {"skipped", false}}));
  EXPECT_EQ(replaced["item"]["inputs"][1]["answer"], json({{"values", json::array()}, {"skipped", true}}));
  ASSERT_EQ(check_bench_answer(stream.events, 2, kDeltas, thread_id).problem, "");

  EXPECT_EQ(stored_item(thread_id, pending.id), replaced["item"]);
  // It keeps its position (replaced in place), before the new answer.
  const auto items = listed_items(thread_id);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[2], replaced["item"]);

  // Not pending any more: refused, nothing written.
  expect_refused(body, 400, "invalid_state", "$.params.item_id");
}

TEST_F(StreamingTest, RetryDeletesNewerItemsSilentlyAndAnswersAgain) {
  StreamResult first;
  const std::string thread_id = make_thread(&first);
  const std::string user_id = first.events[1]["item"]["id"];
  const auto second = stream_chatkit(port(), add_user_message_request(thread_id, "second"));
  ASSERT_EQ(second.status, 200);
  ASSERT_EQ(listed_items(thread_id).size(), 4u);

  const auto stream = stream_chatkit(port(), request("threads.retry_after_item", {{"thread_id", thread_id}, {"item_id", user_id}}));
  ASSERT_EQ(stream.status, 200) << stream.head.body;
  ASSERT_EQ(stream.events.size(), 1u + kDeltas + 4) << stream.raw;
  EXPECT_EQ(stream.events[0]["type"], "stream_options");
  EXPECT_EQ(stream.index_of("thread.item.removed"), -1) << "the reference sends no removals (§2.5)";
  const auto answer = check_bench_answer(stream.events, 1, kDeltas, thread_id);
  ASSERT_EQ(answer.problem, "");

  EXPECT_EQ(listed_items(thread_id), (std::vector<json>{first.events[1]["item"], answer.done_item}));
  EXPECT_EQ(all_items(store(), thread_id).size(), 2u) << "newer items are deleted from the store";
}

TEST_F(StreamingTest, RetryFindsItsTargetBeyondTheFirstPage) {
  StreamResult first;
  const std::string thread_id = make_thread(&first);
  for (int i = 0; i < 45; ++i) seed_widget(store(), thread_id, kLocalUser, pressed_widget(i));
  const auto stream = stream_chatkit(
      port(), request("threads.retry_after_item", {{"thread_id", thread_id}, {"item_id", first.events[1]["item"]["id"]}}));
  ASSERT_EQ(stream.status, 200) << stream.head.body;
  const auto answer = check_bench_answer(stream.events, 1, kDeltas, thread_id);
  ASSERT_EQ(answer.problem, "");
  EXPECT_EQ(listed_items(thread_id), (std::vector<json>{first.events[1]["item"], answer.done_item}));
}

TEST_F(StreamingTest, CustomActionUpdatesTheSenderWidgetAndAddsAWidget) {
  const std::string thread_id = make_thread();
  const auto widget = seed_widget(store(), thread_id);
  const json action = {{"type", "probe.press"}, {"payload", {{"n", 1}}}};
  const auto stream = stream_chatkit(
      port(), request("threads.custom_action", {{"thread_id", thread_id}, {"item_id", widget.id}, {"action", action}}));
  ASSERT_EQ(stream.status, 200) << stream.head.body;
  ASSERT_EQ(stream.types(), (std::vector<std::string>{"stream_options", "thread.item.updated", "thread.item.done"}))
      << stream.raw;
  const json& update = stream.events[1];
  EXPECT_EQ(update["item_id"], widget.id);
  EXPECT_EQ(update["update"], json({{"type", "widget.root.updated"}, {"widget", pressed_widget(1)}}));
  const json& made = stream.events[2]["item"];
  EXPECT_EQ(made["type"], "widget");
  EXPECT_EQ(made["thread_id"], thread_id);
  EXPECT_EQ(made["widget"], new_widget_from_press());
  EXPECT_NE(made["id"], widget.id);

  // The update of a stored widget is persisted: a reload shows the current widget.
  EXPECT_EQ(stored_item(thread_id, widget.id)["widget"], pressed_widget(1));
  EXPECT_EQ(stored_item(thread_id, made["id"]), made);
  const auto thread = post_chatkit(port(), request("threads.get_by_id", {{"thread_id", thread_id}})).json_body();
  const auto& data = thread["items"]["data"];
  ASSERT_EQ(data.size(), 4u);
  EXPECT_EQ(data[2]["id"], widget.id);
  EXPECT_EQ(data[2]["widget"], pressed_widget(1));
  EXPECT_EQ(data[3], made);

  // The pressed widget no longer offers the action: refused, nothing written.
  expect_refused(request("threads.custom_action", {{"thread_id", thread_id}, {"item_id", widget.id}, {"action", action}}),
                 400, "action_refused", "$.params.action");
}

TEST_F(StreamingTest, CustomActionReplacingTheSenderIsPersistedInPlace) {
  const std::string thread_id = make_thread();
  const auto widget = seed_widget(store(), thread_id);
  const auto later = seed_widget(store(), thread_id, kLocalUser, pressed_widget(9));
  const auto stream = stream_chatkit(
      port(), request("threads.custom_action", {{"thread_id", thread_id},
                                                {"item_id", widget.id},
                                                {"action", {{"type", "probe.replace"}, {"payload", {{"r", 1}}}}}}));
  ASSERT_EQ(stream.types(), (std::vector<std::string>{"stream_options", "thread.item.replaced"})) << stream.raw;
  const json& replaced = stream.events[1]["item"];
  EXPECT_EQ(replaced["id"], widget.id);
  EXPECT_EQ(replaced["widget"], replaced_widget());
  const auto items = listed_items(thread_id);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[2], replaced);
  EXPECT_EQ(items[3]["id"], later.id);
}

TEST_F(StreamingTest, CustomActionWithoutSender) {
  const std::string thread_id = make_thread();
  const auto stream = stream_chatkit(
      port(), request("threads.custom_action", {{"thread_id", thread_id},
                                                {"item_id", nullptr},
                                                {"action", {{"type", "probe.press"}, {"payload", {{"n", 5}}}}}}));
  ASSERT_EQ(stream.types(), (std::vector<std::string>{"stream_options", "thread.item.done"})) << stream.raw;
  EXPECT_EQ(listed_items(thread_id).back(), stream.events[1]["item"]);
}

TEST_F(StreamingTest, HiddenItemsAreStoredButNeverStreamedOrListed) {
  const std::string thread_id = make_thread();
  const json payload = {{"remember", "the user likes tea"}};
  const auto stream = stream_chatkit(
      port(), request("threads.custom_action",
                      {{"thread_id", thread_id}, {"action", {{"type", "probe.note"}, {"payload", payload}}}}));
  ASSERT_EQ(stream.types(), (std::vector<std::string>{"stream_options", "client_effect"})) << stream.raw;
  EXPECT_EQ(stream.events[1], json::parse(R"({"type":"client_effect","name":"probe.effect","data":{"seen":true}})"));
  const auto items = all_items_json(store(), thread_id);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[2]["type"], "hidden_context_item");
  EXPECT_EQ(items[2]["content"], payload);
  EXPECT_EQ(listed_items(thread_id).size(), 2u);
}

TEST_F(StreamingTest, ThreadChangedMidStreamIsAnnouncedAfterTheNextEvent) {
  const std::string thread_id = make_thread();
  const auto stream = stream_chatkit(
      port(), request("threads.custom_action",
                      {{"thread_id", thread_id}, {"action", {{"type", "probe.rename"}, {"payload", {{"title", "Mid"}}}}}}));
  ASSERT_EQ(stream.types(),
            (std::vector<std::string>{"stream_options", "thread.item.done", "thread.updated", "client_effect"}))
      << stream.raw;
  EXPECT_EQ(stream.events[2]["thread"]["title"], "Mid");
  EXPECT_EQ(stream.events[2]["thread"]["id"], thread_id);
  auto stored = store().load_thread(thread_id, kLocalUser);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->title, "Mid");
}

TEST_F(StreamingTest, AnActionThatFailsEndsWithAnErrorEvent) {
  const std::string thread_id = make_thread();
  const RowCounts before = row_counts(harness_.db_path());
  const auto stream = stream_chatkit(
      port(), request("threads.custom_action", {{"thread_id", thread_id}, {"action", {{"type", "probe.unknown"}}}}));
  ASSERT_EQ(stream.status, 200);
  ASSERT_EQ(stream.types(), (std::vector<std::string>{"stream_options", "error"})) << stream.raw;
  const json& error = stream.events[1];
  EXPECT_EQ(error["code"], "custom");
  EXPECT_EQ(error["allow_retry"], false);
  EXPECT_NE(error["message"].get<std::string>().find("probe.unknown"), std::string::npos);
  EXPECT_TRUE(stream.ended_cleanly);
  EXPECT_EQ(row_counts(harness_.db_path()), before);
}

TEST_F(StreamingTest, KeepAliveCarriesAStreamThenMoreRequests) {
  HttpConnection connection(port());
  const Headers json_type = {{"Content-Type", "application/json"}};
  ASSERT_TRUE(connection.send_request("POST", "/chatkit", create_thread_request("one").dump(), json_type));
  auto head = connection.read_head();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("transfer-encoding"), "chunked");
  EXPECT_NE(head->header("connection"), "close");
  std::string body;
  while (auto piece = connection.read_body_piece()) body += *piece;
  auto events = decode_sse_events(body);
  ASSERT_TRUE(events.ok()) << body;
  ASSERT_EQ(events->size(), 3u + kDeltas + 4);
  const std::string thread_id = std::get<ThreadCreatedEvent>(events->front()).thread.id;

  // The same connection: a JSON request, then another stream.
  ASSERT_TRUE(connection.send_request("POST", "/chatkit", request("threads.get_by_id", {{"thread_id", thread_id}}).dump(), json_type));
  const auto thread = connection.read_response();
  ASSERT_TRUE(thread);
  EXPECT_EQ(thread->status, 200);
  EXPECT_EQ(thread->json_body()["items"]["data"].size(), 2u);
  ASSERT_TRUE(connection.send_request("POST", "/chatkit", add_user_message_request(thread_id, "two").dump(), json_type));
  const auto second = connection.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  auto second_events = decode_sse_events(second->body);
  ASSERT_TRUE(second_events.ok());
  EXPECT_EQ(second_events->size(), 2u + kDeltas + 4);
  EXPECT_EQ(listed_items(thread_id).size(), 4u);
}

TEST_F(StreamingTest, Http10StreamEndsWithTheConnection) {
  HttpConnection connection(port());
  const std::string body = create_thread_request("old client").dump();
  ASSERT_TRUE(connection.send_raw("POST /chatkit HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: " +
                                  std::to_string(body.size()) + "\r\n\r\n" + body));
  const auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_FALSE(response->has_header("transfer-encoding"));
  auto events = decode_sse_events(response->body);
  ASSERT_TRUE(events.ok()) << response->body;
  EXPECT_EQ(events->size(), 3u + kDeltas + 4);
  EXPECT_TRUE(connection.wait_closed(std::chrono::seconds(2)));
}

TEST_F(StreamingTest, ChunkedRequestBodyIsAccepted) {
  HttpConnection connection(port());
  const std::string body = create_thread_request("chunked").dump();
  const std::string half = body.substr(0, body.size() / 2), rest = body.substr(body.size() / 2);
  auto chunk = [](const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", data.size());
    return std::string(size) + "\r\n" + data + "\r\n";
  };
  ASSERT_TRUE(connection.send_raw("POST /chatkit HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                  chunk(half) + chunk(rest) + "0\r\n\r\n"));
  const auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  auto events = decode_sse_events(response->body);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 3u + kDeltas + 4);
}

TEST_F(StreamingTest, StreamsThatCannotStartAreRefusedWithJsonAndWriteNothing) {
  StreamResult first;
  const std::string thread_id = make_thread(&first);
  const std::string user_id = first.events[1]["item"]["id"];
  const std::string assistant_id = first.events.back()["item"]["id"];
  const auto widget = seed_widget(store(), thread_id);

  expect_refused(add_user_message_request("thr_missing", "x"), 404, "not_found", "$.params.thread_id");
  expect_refused(request("threads.retry_after_item", {{"thread_id", thread_id}, {"item_id", assistant_id}}), 400,
                 "invalid_state", "$.params.item_id");
  expect_refused(request("threads.retry_after_item", {{"thread_id", thread_id}, {"item_id", "msg_missing"}}), 404,
                 "not_found", "$.params.item_id");
  expect_refused(request("threads.custom_action", {{"thread_id", thread_id},
                                                   {"item_id", user_id},
                                                   {"action", {{"type", "probe.press"}, {"payload", {{"n", 1}}}}}}),
                 400, "action_refused", "$.params.action");
  expect_refused(request("threads.custom_action", {{"thread_id", thread_id},
                                                   {"item_id", widget.id},
                                                   {"action", {{"type", "probe.press"}, {"payload", {{"n", 2}}}}}}),
                 400, "action_refused", "$.params.action");
  expect_refused(request("threads.custom_action", {{"thread_id", thread_id},
                                                   {"item_id", "msg_missing"},
                                                   {"action", {{"type", "probe.press"}}}}),
                 404, "not_found", "$.params.item_id");
  expect_refused(request("threads.add_client_tool_output", {{"thread_id", thread_id}, {"result", nullptr}}), 400,
                 "invalid_state", "");
  expect_refused(request("threads.add_structured_input",
                         {{"thread_id", thread_id}, {"item_id", user_id}, {"input", json::object()}}),
                 400, "invalid_state", "$.params.item_id");
  expect_refused(request("threads.add_structured_input",
                         {{"thread_id", thread_id}, {"item_id", "msg_missing"}, {"input", json::object()}}),
                 404, "not_found", "$.params.item_id");

  // The thread is untouched and still works.
  const auto stream = stream_chatkit(port(), add_user_message_request(thread_id, "still here"));
  EXPECT_EQ(stream.status, 200);
  EXPECT_EQ(check_bench_answer(stream.events, 2, kDeltas, thread_id).problem, "");
}

}  // namespace
}  // namespace chatkit::testing
