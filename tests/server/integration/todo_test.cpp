// The Todo use case end to end over real HTTP, with the offline model and real SQLite files:
// chat and clicks reach the same per-user list, clicks update the card in place (component updates
// only) and the stored card follows, so items.list (a reload) shows what the client sees.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "core/protocol/items.hpp"
#include "test_util.hpp"
#include "use_cases/registry.hpp"
#include "use_cases/todo/todo_store.hpp"

namespace chatkit::testing {
namespace {

using use_cases::TodoStore;

// Made as the server binary makes it: from the registry.
std::unique_ptr<server::UseCase> todo_use_case(const std::filesystem::path& db) {
  auto made = use_cases::make_use_case("todo", {.db = db.string()});
  if (!made) throw std::runtime_error(describe(made.error()));
  return std::move(*made);
}

// Depth-first search of a widget for the component with this id.
const json* component(const json& node, const std::string& id) {
  if (!node.is_object()) return nullptr;
  if (node.value("id", "") == id) return &node;
  const auto children = node.find("children");
  if (children == node.end() || !children->is_array()) return nullptr;
  for (const auto& child : *children) {
    if (const json* found = component(child, id)) return found;
  }
  return nullptr;
}

// The titles of a card's rows, in order.
std::vector<std::string> row_titles(const json& card) {
  std::vector<std::string> titles;
  const json* rows = component(card, "rows");
  if (!rows) return titles;
  for (const auto& row : (*rows)["children"]) titles.push_back(row["children"][0].value("label", ""));
  return titles;
}

// Every byte of one HTTP exchange's response, head included, read until the server closes.
std::string raw_exchange(std::uint16_t port, const json& body) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return {};
  const std::string text = body.dump();
  const std::string request = "POST /chatkit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                              "Connection: close\r\nContent-Length: " + std::to_string(text.size()) + "\r\n\r\n" + text;
  (void)::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string response;
  char buffer[8192];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return response;
}

class TodoTest : public ::testing::Test {
 protected:
  std::uint16_t port() const { return harness_.port(); }

  std::vector<json> listed_items(const std::string& thread_id, const Headers& headers = {}) {
    const auto response = post_chatkit(
        port(), request("items.list", {{"thread_id", thread_id}, {"order", "asc"}, {"limit", 100}}), headers);
    EXPECT_EQ(response.status, 200) << response.body;
    const json body = response.json_body();
    return body.is_object() ? body["data"].get<std::vector<json>>() : std::vector<json>{};
  }

  // The newest todo card of a thread, as items.list shows it (a reload).
  json newest_card(const std::string& thread_id, const Headers& headers = {}) {
    json card;
    for (const auto& item : listed_items(thread_id, headers)) {
      if (item.value("type", "") == "widget" && item["widget"].value("id", "") == "todo-card") card = item;
    }
    return card;
  }

  StreamResult say(const std::string& thread_id, const std::string& text, const Headers& headers = {}) {
    return stream_chatkit(port(), add_user_message_request(thread_id, text), headers);
  }

  StreamResult act(const std::string& thread_id, const std::string& item_id, json action, const Headers& headers = {}) {
    return stream_chatkit(port(), request("threads.custom_action",
                                          {{"thread_id", thread_id}, {"item_id", item_id}, {"action", std::move(action)}}),
                          headers);
  }

  static json toggle(int id, bool done) { return {{"type", "toggle"}, {"payload", {{"id", id}, {"done", done}}}}; }

  ServerHarness harness_{HarnessOptions{.model = "offline:0", .use_case = todo_use_case}};
};

// The events of one type, in order.
std::vector<json> events_of(const StreamResult& stream, const std::string& type) {
  std::vector<json> found;
  for (const auto& event : stream.events) {
    if (event.value("type", "") == type) found.push_back(event);
  }
  return found;
}

// The todo.counts effects of a stream, as {pending, done} pairs.
std::vector<std::pair<int, int>> counts_of(const StreamResult& stream) {
  std::vector<std::pair<int, int>> counts;
  for (const auto& effect : events_of(stream, "client_effect")) {
    EXPECT_EQ(effect.value("name", ""), "todo.counts") << effect.dump();
    counts.emplace_back(effect["data"].value("pending", -1), effect["data"].value("done", -1));
  }
  return counts;
}

// What a browser answers get_local_time with (docs/USE_CASES.md).
const json kParisAfternoon = {{"local_time", "2025-06-03T14:05:09+02:00"}, {"time_zone", "Europe/Paris"}};

json tool_output_request(const std::string& thread_id, json result) {
  return request("threads.add_client_tool_output", {{"thread_id", thread_id}, {"result", std::move(result)}});
}

// Only component updates on the wire: no new item, no root replacement.
void expect_in_place(const StreamResult& stream) {
  EXPECT_EQ(stream.status, 200);
  EXPECT_EQ(stream.index_of("error"), -1) << stream.raw;
  EXPECT_EQ(stream.index_of("thread.item.added"), -1);
  EXPECT_EQ(stream.index_of("thread.item.done"), -1);
  bool some_update = false;
  for (const auto& event : stream.events) {
    if (event.value("type", "") != "thread.item.updated") continue;
    EXPECT_EQ(event["update"].value("type", ""), "widget.component.updated") << event.dump();
    some_update = true;
  }
  EXPECT_TRUE(some_update) << stream.raw;
}

TEST_F(TodoTest, ChatAddsTicksUnticksAndRemovesThroughOneCard) {
  StreamResult first;
  const std::string thread = create_thread(port(), "add buy milk", &first);
  ASSERT_FALSE(thread.empty());
  EXPECT_NE(first.raw.find("Added “buy milk”"), std::string::npos) << first.raw;
  const auto second = say(thread, "add call mom");
  EXPECT_NE(second.index_of("thread.item.replaced"), -1) << "the first card becomes a snapshot note";

  json card = newest_card(thread);
  ASSERT_TRUE(card.is_object());
  EXPECT_EQ(row_titles(card["widget"]), (std::vector<std::string>{"buy milk", "call mom"}));
  int cards = 0;
  for (const auto& item : listed_items(thread)) cards += item.value("type", "") == "widget" && item["widget"].value("id", "") == "todo-card";
  EXPECT_EQ(cards, 1) << "older cards are collapsed";

  expect_in_place(act(thread, card["id"], toggle(1, true)));
  card = newest_card(thread);
  EXPECT_TRUE((*component(card["widget"], "c1"))["defaultChecked"].get<bool>()) << "a reload shows it ticked";
  EXPECT_EQ((*component(card["widget"], "r1"))["children"][1].value("label", ""), "Done") << "a done todo has its badge";

  expect_in_place(act(thread, card["id"], toggle(1, false)));
  card = newest_card(thread);
  EXPECT_FALSE((*component(card["widget"], "c1"))["defaultChecked"].get<bool>()) << "unticking works";

  const auto removed = say(thread, "remove the milk one");
  EXPECT_NE(removed.raw.find("Removed “buy milk”"), std::string::npos) << removed.raw;
  EXPECT_EQ(row_titles(newest_card(thread)["widget"]), (std::vector<std::string>{"call mom"}));
}

TEST_F(TodoTest, TheOfflinePhrasingsReachTheTools) {
  const std::string thread = create_thread(port(), "remind me to call mom");
  EXPECT_NE(say(thread, "add buy milk").raw.find("Added"), std::string::npos);
  EXPECT_NE(say(thread, "I finished buy milk").raw.find("Marked “buy milk” as done"), std::string::npos);
  const auto listed = say(thread, "what's on my list?");
  EXPECT_NE(listed.raw.find("Still to do: “call mom”"), std::string::npos) << listed.raw;
  EXPECT_NE(say(thread, "clear completed").raw.find("Cleared 1 completed todo"), std::string::npos);
  EXPECT_EQ(row_titles(newest_card(thread)["widget"]), (std::vector<std::string>{"call mom"}));
  const auto unknown = say(thread, "complete the dishes");
  EXPECT_NE(unknown.raw.find("no todo matches"), std::string::npos) << "a tool error is said, not thrown";
  EXPECT_EQ(unknown.index_of("error"), -1);
}

TEST_F(TodoTest, TheFormAddsInPlaceAndClearsOnlyItsInput) {
  const std::string thread = create_thread(port(), "add buy milk");
  json card = newest_card(thread);
  const auto added = act(thread, card["id"], {{"type", "add"}, {"payload", {{"todo_text", "walk the dog"}}}});
  expect_in_place(added);
  card = newest_card(thread);
  EXPECT_EQ(row_titles(card["widget"]), (std::vector<std::string>{"buy milk", "walk the dog"}));
  EXPECT_NE(component(card["widget"], "in1"), nullptr) << "a new input: the typed text is cleared";
  // A tick leaves the form alone, so text typed in it survives.
  const auto ticked = act(thread, card["id"], toggle(2, true));
  EXPECT_EQ(ticked.raw.find("\"component_id\":\"add\""), std::string::npos) << ticked.raw;
}

TEST_F(TodoTest, AnActionTheCardNeverOfferedIsRefusedAndChangesNothing) {
  const std::string thread = create_thread(port(), "add buy milk");
  const json card = newest_card(thread);
  const RowCounts before = row_counts(harness_.db_path());
  const auto response = post_chatkit(port(), request("threads.custom_action", {{"thread_id", thread},
                                                                               {"item_id", card["id"]},
                                                                               {"action", toggle(99, true)}}));
  EXPECT_EQ(response.status, 400) << response.body;
  EXPECT_EQ(error_of(response).value("code", ""), "action_refused");
  EXPECT_EQ(row_counts(harness_.db_path()), before);
  EXPECT_EQ(newest_card(thread), card);
}

TEST_F(TodoTest, ActingOnAGoneTodoIsANoOpWithANote) {
  const std::string thread = create_thread(port(), "add buy milk");
  say(thread, "add call mom");
  const json stale = newest_card(thread);  // a second tab still shows this card
  expect_in_place(act(thread, stale["id"], {{"type", "delete"}, {"payload", {{"id", 1}}}}));
  const auto late = act(thread, stale["id"], toggle(1, true));
  EXPECT_EQ(late.status, 200);
  EXPECT_EQ(late.index_of("error"), -1) << late.raw;
  ASSERT_NE(late.index_of("notice"), -1) << late.raw;
  EXPECT_NE(late.events[static_cast<std::size_t>(late.index_of("notice"))].value("message", "").find("no longer exists"),
            std::string::npos);
  auto todos = TodoStore::open(harness_.db_path().string());
  ASSERT_TRUE(todos.ok());
  const auto list = (*todos)->list("local");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().title, "call mom");
}

TEST_F(TodoTest, ConcurrentClicksAndAStreamedReplyLoseAndDuplicateNothing) {
  const std::string thread = create_thread(port(), "add a");
  for (const char* text : {"add b", "add c", "add d"}) say(thread, text);
  const json card = newest_card(thread);
  // Two tabs clicking at once, while a long reply streams in the same thread.
  auto reply = std::async(std::launch::async, [&] { return say(thread, "count to 300"); });
  auto tab1 = std::async(std::launch::async, [&] { return act(thread, card["id"], toggle(1, true)); });
  auto tab2 = std::async(std::launch::async, [&] { return act(thread, card["id"], {{"type", "delete"}, {"payload", {{"id", 2}}}}); });
  auto tab3 = std::async(std::launch::async, [&] {
    return act(thread, card["id"], {{"type", "add"}, {"payload", {{"todo_text", "e"}}}});
  });
  for (auto* tab : {&tab1, &tab2, &tab3}) {
    const StreamResult stream = tab->get();
    EXPECT_EQ(stream.status, 200) << stream.raw;
    EXPECT_EQ(stream.index_of("error"), -1) << stream.raw;
  }
  EXPECT_EQ(reply.get().index_of("error"), -1);

  auto todos = TodoStore::open(harness_.db_path().string());
  ASSERT_TRUE(todos.ok());
  const auto list = (*todos)->list("local");
  ASSERT_TRUE(list.ok());
  std::vector<std::string> titles;
  for (const auto& todo : *list) titles.push_back(todo.title + (todo.done ? "+" : ""));
  EXPECT_EQ(titles, (std::vector<std::string>{"a+", "c", "d", "e"}));
  // The stored card is the card of the table as it is now.
  EXPECT_EQ(row_titles(newest_card(thread)["widget"]), (std::vector<std::string>{"a", "c", "d", "e"}));
}

TEST_F(TodoTest, TickingOneOfTwoHundredSendsUnderFifteenHundredBytes) {
  auto todos = TodoStore::open(harness_.db_path().string());
  ASSERT_TRUE(todos.ok());
  for (int i = 0; i < 200; ++i) ASSERT_TRUE((*todos)->add("local", "Chore number " + std::to_string(i)).ok());
  const std::string thread = create_thread(port(), "what's on my list?");
  const json card = newest_card(thread);
  ASSERT_TRUE(card.is_object());
  const std::string wire = raw_exchange(port(), request("threads.custom_action", {{"thread_id", thread},
                                                                                  {"item_id", card["id"]},
                                                                                  {"action", toggle(7, true)}}));
  EXPECT_NE(wire.find("widget.component.updated"), std::string::npos) << wire;
  EXPECT_LT(wire.size(), 1500u) << wire;
  RecordProperty("tick_bytes_200_todos", static_cast<int>(wire.size()));
  std::cout << "[ figures ] ticking 1 of 200 todos: " << wire.size() << " bytes on the wire, HTTP head included\n";
  EXPECT_TRUE((*component(newest_card(thread)["widget"], "c7"))["defaultChecked"].get<bool>());
}

TEST_F(TodoTest, PagingShowsEveryTodoAndActionsKeepThePage) {
  auto todos = TodoStore::open(harness_.db_path().string());
  ASSERT_TRUE(todos.ok());
  for (int i = 1; i <= 60; ++i) ASSERT_TRUE((*todos)->add("local", "todo " + std::to_string(i)).ok());
  const std::string thread = create_thread(port(), "show my todos");
  json card = newest_card(thread);
  EXPECT_EQ(row_titles(card["widget"]).size(), 25u);
  act(thread, card["id"], {{"type", "page"}, {"payload", {{"page", 2}}}});
  card = newest_card(thread);
  ASSERT_EQ(row_titles(card["widget"]).front(), "todo 26");
  act(thread, card["id"], toggle(30, true));
  EXPECT_EQ(row_titles(newest_card(thread)["widget"]).front(), "todo 26") << "a tick keeps the page";
}

// The offline model asks the browser (get_local_time, a client tool): the stream ends with the
// pending call, and the browser's answer continues it with the time said.
TEST_F(TodoTest, TheDateAndTimeComeFromTheBrowser) {
  StreamResult asked;
  const std::string thread = create_thread(port(), "What's the date today?", &asked);
  ASSERT_FALSE(thread.empty());
  EXPECT_EQ(asked.index_of("error"), -1) << asked.raw;
  EXPECT_EQ(asked.index_of("thread.item.added"), -1) << "no answer yet: the browser has the next word";
  ASSERT_EQ(asked.events.back().value("type", ""), "thread.item.done") << asked.raw;
  const json pending = asked.events.back()["item"];
  EXPECT_EQ(pending.value("type", ""), "client_tool_call");
  EXPECT_EQ(pending.value("status", ""), "pending");
  EXPECT_EQ(pending.value("name", ""), "get_local_time");
  EXPECT_EQ(pending["arguments"], json::object());
  EXPECT_TRUE(pending.value("call_id", "").starts_with("tc_")) << pending;
  EXPECT_FALSE(pending.contains("output"));
  EXPECT_EQ(listed_items(thread).back(), pending) << "stored as the newest item";
  EXPECT_TRUE(counts_of(asked).empty()) << "nothing changed";

  const auto answered = stream_chatkit(port(), tool_output_request(thread, kParisAfternoon));
  EXPECT_EQ(answered.status, 200) << answered.head.body;
  EXPECT_EQ(answered.index_of("error"), -1) << answered.raw;
  EXPECT_EQ(answered.events.front().value("type", ""), "stream_options");
  EXPECT_NE(answered.raw.find("It is Tuesday, 3 June 2025, 14:05 (Europe/Paris)."), std::string::npos) << answered.raw;
  const auto items = listed_items(thread);
  ASSERT_GE(items.size(), 3u);
  const json& completed = items[items.size() - 2];
  EXPECT_EQ(completed.value("id", ""), pending.value("id", ""));
  EXPECT_EQ(completed.value("status", ""), "completed");
  EXPECT_EQ(completed["output"], kParisAfternoon);
  EXPECT_EQ(items.back().value("type", ""), "assistant_message");

  // Nothing waits any more: a second output is a clear 400, and writes nothing.
  const RowCounts before = row_counts(harness_.db_path());
  const auto again = post_chatkit(port(), tool_output_request(thread, kParisAfternoon));
  EXPECT_EQ(again.status, 400) << again.body;
  EXPECT_EQ(error_of(again).value("code", ""), "invalid_state");
  EXPECT_NE(error_of(again).value("message", "").find("not a pending client tool call"), std::string::npos);
  EXPECT_EQ(row_counts(harness_.db_path()), before);
}

// The host page hears the list's counts after every change, by chat or by click, and only then.
TEST_F(TodoTest, EveryChangeTellsTheHostPageTheCounts) {
  StreamResult added;
  const std::string thread = create_thread(port(), "add buy milk", &added);
  EXPECT_EQ(counts_of(added), (std::vector<std::pair<int, int>>{{1, 0}}));
  const json effect = events_of(added, "client_effect").front();
  EXPECT_EQ(effect, json::parse(R"({"type":"client_effect","name":"todo.counts","data":{"pending":1,"done":0}})"));
  EXPECT_EQ(counts_of(say(thread, "add call mom")), (std::vector<std::pair<int, int>>{{2, 0}}));
  EXPECT_EQ(counts_of(say(thread, "I finished buy milk")), (std::vector<std::pair<int, int>>{{1, 1}}));
  EXPECT_TRUE(counts_of(say(thread, "what's on my list?")).empty()) << "a listing changes nothing";
  EXPECT_TRUE(counts_of(say(thread, "complete the dishes")).empty()) << "a failed change changes nothing";

  json card = newest_card(thread);
  const auto ticked = act(thread, card["id"], toggle(2, true));
  EXPECT_EQ(counts_of(ticked), (std::vector<std::pair<int, int>>{{0, 2}}));
  // After the card's updates: a host page that reacts finds the card current.
  EXPECT_GT(ticked.index_of("client_effect"), ticked.index_of("thread.item.updated"));
  EXPECT_EQ(counts_of(act(thread, card["id"], toggle(2, false))), (std::vector<std::pair<int, int>>{{1, 1}}));
  EXPECT_EQ(counts_of(act(thread, card["id"], {{"type", "add"}, {"payload", {{"todo_text", "walk the dog"}}}})),
            (std::vector<std::pair<int, int>>{{2, 1}}));
  card = newest_card(thread);
  EXPECT_EQ(counts_of(act(thread, card["id"], {{"type", "delete"}, {"payload", {{"id", 3}}}})),
            (std::vector<std::pair<int, int>>{{1, 1}}));
  EXPECT_TRUE(counts_of(act(thread, card["id"], {{"type", "delete"}, {"payload", {{"id", 3}}}})).empty())
      << "a click on a todo that is gone changes nothing";
  EXPECT_EQ(counts_of(say(thread, "clear completed")), (std::vector<std::pair<int, int>>{{1, 0}}));

  // Fire-and-forget: never stored, never listed.
  for (const auto& item : listed_items(thread)) EXPECT_NE(item.value("type", ""), "client_effect");
  for (const auto& item : all_items_json(harness_.store(), thread)) {
    EXPECT_EQ(item.dump().find("todo.counts"), std::string::npos) << item;
  }
}

class TodoUsersTest : public TodoTest {
 protected:
  TodoUsersTest() = default;
  ServerHarness users_{HarnessOptions{.model = "offline:0", .auth_tokens = "tok-a alice\ntok-b bob\n",
                                      .use_case = todo_use_case}};
};

TEST_F(TodoUsersTest, ASecondUserNeverSeesTheFirstUsersTodos) {
  const std::uint16_t port = users_.port();
  const std::string alice = create_thread(port, "add buy milk", nullptr, bearer("tok-a"));
  ASSERT_FALSE(alice.empty());
  StreamResult bob_stream;
  const std::string bob = create_thread(port, "what's on my list?", &bob_stream, bearer("tok-b"));
  ASSERT_FALSE(bob.empty());
  EXPECT_NE(bob_stream.raw.find("Your list is empty."), std::string::npos) << bob_stream.raw;
  EXPECT_EQ(bob_stream.raw.find("buy milk"), std::string::npos);

  // Bob cannot act on Alice's card...
  const json alice_items =
      post_chatkit(port, request("items.list", {{"thread_id", alice}, {"order", "asc"}}), bearer("tok-a")).json_body();
  std::string alice_card;
  for (const auto& item : alice_items["data"]) {
    if (item.value("type", "") == "widget") alice_card = item["id"];
  }
  ASSERT_FALSE(alice_card.empty());
  const auto refused = post_chatkit(port, request("threads.custom_action", {{"thread_id", alice},
                                                                           {"item_id", alice_card},
                                                                           {"action", toggle(1, true)}}),
                                    bearer("tok-b"));
  EXPECT_EQ(refused.status, 404) << refused.body;
  // ...nor reach her todo 1 through his own chat.
  StreamResult bob_done;
  bob_done = stream_chatkit(port, add_user_message_request(bob, "I finished buy milk"), bearer("tok-b"));
  EXPECT_NE(bob_done.raw.find("no todo matches"), std::string::npos) << bob_done.raw;
  auto todos = TodoStore::open(users_.db_path().string());
  ASSERT_TRUE(todos.ok());
  const auto alice_todos = (*todos)->list("alice");
  ASSERT_TRUE(alice_todos.ok());
  ASSERT_EQ(alice_todos->size(), 1u);
  EXPECT_FALSE(alice_todos->front().done);
  EXPECT_TRUE((*todos)->list("bob")->empty());
}

TEST_F(TodoUsersTest, AnotherUsersPendingClientToolCallIsNotFound) {
  const std::uint16_t port = users_.port();
  StreamResult asked;
  const std::string alice = create_thread(port, "what time is it?", &asked, bearer("tok-a"));
  ASSERT_FALSE(alice.empty());
  ASSERT_EQ(asked.events.back()["item"].value("status", ""), "pending") << asked.raw;
  const RowCounts before = row_counts(users_.db_path());
  const auto refused = post_chatkit(port, tool_output_request(alice, kParisAfternoon), bearer("tok-b"));
  EXPECT_EQ(refused.status, 404) << refused.body;
  EXPECT_EQ(error_of(refused).value("code", ""), "not_found");
  EXPECT_EQ(error_of(refused).value("path", ""), "$.params.thread_id");
  EXPECT_EQ(row_counts(users_.db_path()), before);
  // Still hers to answer.
  const auto answered = stream_chatkit(port, tool_output_request(alice, kParisAfternoon), bearer("tok-a"));
  EXPECT_NE(answered.raw.find("It is Tuesday"), std::string::npos) << answered.raw;
}

}  // namespace
}  // namespace chatkit::testing
