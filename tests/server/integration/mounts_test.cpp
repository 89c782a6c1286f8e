// Several use cases in one server (--use-case todo,chat; docs/PROTOCOL.md §1.1), the real binary:
// each answers at /chatkit/NAME and the first also at /chatkit; they share one SQLite file, but a
// thread, an attachment or a run made at one use case's path does not exist at the other's (404, as
// another user's would), and Todo's phrasings and tables are reached only through Todo.
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>

#include "process.hpp"
#include "test_util.hpp"

namespace chatkit::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const Headers kJson = {{"Content-Type", "application/json"}};

// The events of an SSE body (each frame's `data:` line, parsed), and the run they belong to.
struct Streamed {
  int status = 0;
  std::vector<json> events;
  std::string run_id;  // of the frames' `id: RUN:SEQ`
  json body;           // a refusal's JSON
};

Streamed post_stream(std::uint16_t port, const std::string& path, const json& body) {
  const auto response = http_request(port, "POST", path, body.dump(), kJson);
  Streamed out{.status = response.status, .events = {}, .run_id = {}, .body = response.json_body()};
  std::size_t start = 0;
  while (start < response.body.size()) {
    const auto end = response.body.find("\n\n", start);
    const std::string frame = response.body.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? response.body.size() : end + 2;
    std::size_t line_start = 0;
    while (line_start < frame.size()) {
      const auto line_end = frame.find('\n', line_start);
      const std::string line = frame.substr(line_start, line_end == std::string::npos ? std::string::npos : line_end - line_start);
      line_start = line_end == std::string::npos ? frame.size() : line_end + 1;
      if (line.starts_with("data: ")) out.events.push_back(json::parse(line.substr(6), nullptr, false));
      if (line.starts_with("id: ") && out.run_id.empty()) out.run_id = line.substr(4, line.rfind(':') - 4);
    }
  }
  return out;
}

HttpResponse post_json(std::uint16_t port, const std::string& path, const json& body) {
  return http_request(port, "POST", path, body.dump(), kJson);
}

std::string thread_of(const Streamed& streamed) {
  if (streamed.events.empty() || streamed.events[0].value("type", "") != "thread.created") return {};
  return streamed.events[0]["thread"].value("id", "");
}

// The assistant's words in a streamed answer.
std::string answer_text(const Streamed& streamed) {
  std::string text;
  for (const auto& event : streamed.events) {
    if (event.value("type", "") == "thread.item.done" && event["item"].value("type", "") == "assistant_message") {
      text += assistant_text(event["item"]);
    }
  }
  return text;
}

std::vector<std::string> listed_threads(std::uint16_t port, const std::string& path) {
  const auto page = post_json(port, path, request("threads.list", {{"limit", 100}}));
  EXPECT_EQ(page.status, 200) << page.body;
  std::vector<std::string> ids;
  const json body = page.json_body();
  for (const auto& thread : body["data"]) ids.push_back(thread.value("id", ""));
  return ids;
}

std::string error_code(const HttpResponse& response) {
  const json body = response.json_body();
  return body["error"].value("code", "");
}

class MountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "web");
    std::ofstream(dir_.path() / "web" / "index.html") << "<!doctype html><title>mounts</title>";
    server_ = std::make_unique<ServerProcess>(
        server_binary(),
        std::vector<std::string>{"--port", "0", "--db", db().string(), "--web", (dir_.path() / "web").string(),
                                 "--attachments-dir", (dir_.path() / "files").string(), "--model", "offline:0",
                                 "--use-case", use_cases_, "--log-level", "info"},
        dir_.path() / "stderr.log");
    port_ = server_->wait_listening();
    ASSERT_NE(port_, 0) << server_->stderr_text();
  }

  void TearDown() override {
    if (!server_) return;
    server_->signal(SIGTERM);
    EXPECT_EQ(server_->wait_exit(20s), 0) << server_->stderr_text();
  }

  fs::path db() const { return dir_.path() / "data" / "chatkit.db"; }

  std::string use_cases_ = "todo,chat";
  TempDir dir_{"chatkit_int_mounts"};
  std::unique_ptr<ServerProcess> server_;
  std::uint16_t port_ = 0;
};

TEST_F(MountsTest, TheServerListsItsUseCasesAndTheStartUpLineNamesThem) {
  const auto listed = http_request(port_, "GET", "/chatkit/use-cases");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json_body(), json::parse(R"({"use_cases":[{"name":"todo","path":"/chatkit/todo"},
                                                            {"name":"chat","path":"/chatkit/chat"}]})"));
  EXPECT_NE(server_->stderr_text().find("\"use_cases\":\"todo,chat\""), std::string::npos) << server_->stderr_text();
  // Health and readiness are the server's, not a use case's: unchanged.
  EXPECT_EQ(http_request(port_, "GET", "/healthz").status, 200);
  EXPECT_EQ(http_request(port_, "GET", "/readyz").json_body().value("status", ""), "ready");
}

TEST_F(MountsTest, EachUseCaseAnswersAtItsPathAndTheFirstAlsoAtChatkit) {
  // Todo's phrasing carries out Todo's tool at /chatkit/todo and at /chatkit (the first).
  const auto todo = post_stream(port_, "/chatkit/todo", create_thread_request("add buy milk"));
  ASSERT_EQ(todo.status, 200) << todo.body.dump();
  EXPECT_NE(answer_text(todo).find("buy milk"), std::string::npos) << answer_text(todo);
  EXPECT_EQ(count_rows(db(), "todos"), 1);
  const auto first = post_stream(port_, "/chatkit", create_thread_request("add call mum"));
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(count_rows(db(), "todos"), 2);
  // At /chatkit/chat the same words reach no tool: the offline model knows only Chat's phrasings there.
  const auto chat = post_stream(port_, "/chatkit/chat", create_thread_request("add buy bread"));
  ASSERT_EQ(chat.status, 200) << chat.body.dump();
  EXPECT_NE(answer_text(chat).find("I am the offline model"), std::string::npos) << answer_text(chat);
  EXPECT_EQ(count_rows(db(), "todos"), 2);
  // Every use case's threads are in the one file.
  EXPECT_EQ(count_rows(db(), "threads"), 3);
  EXPECT_EQ(integrity_check(db()), "ok");
}

TEST_F(MountsTest, AThreadOfOneUseCaseIsNotFoundAtTheOther) {
  const std::string chat_thread = thread_of(post_stream(port_, "/chatkit/chat", create_thread_request("chat's")));
  const std::string todo_thread = thread_of(post_stream(port_, "/chatkit/todo", create_thread_request("add eggs")));
  ASSERT_FALSE(chat_thread.empty());
  ASSERT_FALSE(todo_thread.empty());
  // Each list shows its own; /chatkit is the first use case's.
  EXPECT_EQ(listed_threads(port_, "/chatkit/chat"), std::vector<std::string>{chat_thread});
  EXPECT_EQ(listed_threads(port_, "/chatkit/todo"), std::vector<std::string>{todo_thread});
  EXPECT_EQ(listed_threads(port_, "/chatkit"), std::vector<std::string>{todo_thread});
  const auto items = post_json(port_, "/chatkit/chat", request("items.list", {{"thread_id", chat_thread}}));
  ASSERT_EQ(items.status, 200);
  const std::string user_item = items.json_body()["data"][0].value("id", "");
  for (const auto& [thread, elsewhere] : {std::pair{chat_thread, std::string("/chatkit/todo")},
                                          std::pair{chat_thread, std::string("/chatkit")},
                                          std::pair{todo_thread, std::string("/chatkit/chat")}}) {
    SCOPED_TRACE(thread + " at " + elsewhere);
    const std::vector<json> attempts = {
        request("threads.get_by_id", {{"thread_id", thread}}),
        request("items.list", {{"thread_id", thread}}),
        request("threads.update", {{"thread_id", thread}, {"title", "taken"}}),
        request("items.feedback", {{"thread_id", thread}, {"item_ids", {user_item}}, {"kind", "negative"}}),
        request("threads.delete", {{"thread_id", thread}}),
    };
    for (const auto& attempt : attempts) {
      const auto response = post_json(port_, elsewhere, attempt);
      EXPECT_EQ(response.status, 404) << attempt.dump() << " " << response.body;
      EXPECT_EQ(error_code(response), "not_found") << response.body;
    }
    const auto message = post_stream(port_, elsewhere, add_user_message_request(thread, "hello from elsewhere"));
    EXPECT_EQ(message.status, 404) << message.body.dump();
    const auto retry = post_stream(port_, elsewhere, request("threads.retry_after_item", {{"thread_id", thread}, {"item_id", user_item}}));
    EXPECT_EQ(retry.status, 404);
  }
  // Untouched where they belong.
  const auto chat_after = post_json(port_, "/chatkit/chat", request("threads.get_by_id", {{"thread_id", chat_thread}}));
  ASSERT_EQ(chat_after.status, 200);
  EXPECT_NE(chat_after.json_body().value("title", json()).dump(), "\"taken\"");
  EXPECT_EQ(post_json(port_, "/chatkit", request("threads.get_by_id", {{"thread_id", todo_thread}})).status, 200);
  const auto chat_items = post_json(port_, "/chatkit/chat", request("items.list", {{"thread_id", chat_thread}}));
  EXPECT_EQ(chat_items.json_body()["data"].size(), 2u) << chat_items.body;  // the message and its answer
}

TEST_F(MountsTest, ARunIsFollowedAndCancelledOnlyAtItsUseCasesPath) {
  const auto chat = post_stream(port_, "/chatkit/chat", create_thread_request("count to 50"));
  ASSERT_EQ(chat.status, 200);
  ASSERT_FALSE(chat.run_id.empty());
  // Ended runs are kept a while for late readers: at its own path it replays, elsewhere it does not exist.
  const auto own = http_request(port_, "GET", "/chatkit/chat/runs/" + chat.run_id + "/events?after=0");
  EXPECT_EQ(own.status, 200) << own.body;
  EXPECT_NE(own.body.find("50."), std::string::npos);
  for (const std::string elsewhere : {"/chatkit/todo", "/chatkit"}) {
    SCOPED_TRACE(elsewhere);
    const auto events = http_request(port_, "GET", elsewhere + "/runs/" + chat.run_id + "/events?after=0");
    EXPECT_EQ(events.status, 404) << events.body;
    EXPECT_EQ(error_code(events), "not_found");
    const auto cancel = http_request(port_, "POST", elsewhere + "/runs/" + chat.run_id + "/cancel");
    EXPECT_EQ(cancel.status, 404) << cancel.body;
  }
  // The first use case's run, at /chatkit/runs as before and at /chatkit/todo/runs, not at /chatkit/chat/runs.
  const auto todo = post_stream(port_, "/chatkit", create_thread_request("count to 5"));
  ASSERT_FALSE(todo.run_id.empty());
  EXPECT_EQ(http_request(port_, "GET", "/chatkit/runs/" + todo.run_id + "/events").status, 200);
  EXPECT_EQ(http_request(port_, "GET", "/chatkit/todo/runs/" + todo.run_id + "/events").status, 200);
  EXPECT_EQ(http_request(port_, "GET", "/chatkit/chat/runs/" + todo.run_id + "/events").status, 404);
  EXPECT_EQ(http_request(port_, "POST", "/chatkit/chat/runs/" + todo.run_id + "/cancel").status, 404);
  EXPECT_EQ(http_request(port_, "POST", "/chatkit/todo/runs/" + todo.run_id + "/cancel").json_body().value("status", ""),
            "ended");
}

TEST_F(MountsTest, AnAttachmentOfOneUseCaseIsNotFoundAtTheOther) {
  const auto created = post_json(port_, "/chatkit/chat",
                                 request("attachments.create", {{"name", "notes.txt"}, {"size", 5}, {"mime_type", "text/plain"}}));
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string id = created.json_body().value("id", "");
  const std::string url = created.json_body()["upload_descriptor"].value("url", "");
  // The signed link is the credential wherever it is sent, under a use case's path too.
  const auto path = url.substr(url.find("/chatkit/"));
  const auto uploaded = http_request(port_, "PUT", "/chatkit/chat/" + path.substr(std::string("/chatkit/").size()), "hello",
                                     {{"Content-Type", "text/plain"}});
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  // Todo cannot send it in a message nor delete it: to Todo it does not exist.
  json input = user_input("see the file");
  input["attachments"] = json::array({id});
  const auto sent = post_stream(port_, "/chatkit/todo", request("threads.create", {{"input", input}}));
  EXPECT_EQ(sent.status, 404) << sent.body.dump();
  const auto deleted = post_json(port_, "/chatkit", request("attachments.delete", {{"attachment_id", id}}));
  EXPECT_EQ(deleted.status, 404) << deleted.body;
  // Chat can.
  const auto own = post_stream(port_, "/chatkit/chat", request("threads.create", {{"input", input}}));
  EXPECT_EQ(own.status, 200) << own.body.dump();
  EXPECT_NE(answer_text(own).find("notes.txt"), std::string::npos) << answer_text(own);
  // A direct upload under a use case's path belongs to that use case.
  const std::string multipart = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                                "Content-Type: text/plain\r\n\r\nabc\r\n--b--\r\n";
  const auto direct = http_request(port_, "POST", "/chatkit/todo/attachments", multipart,
                                   {{"Content-Type", "multipart/form-data; boundary=b"}});
  ASSERT_EQ(direct.status, 200) << direct.body;
  const std::string direct_id = direct.json_body().value("id", "");
  EXPECT_EQ(post_json(port_, "/chatkit/chat", request("attachments.delete", {{"attachment_id", direct_id}})).status, 404);
  EXPECT_EQ(post_json(port_, "/chatkit", request("attachments.delete", {{"attachment_id", direct_id}})).status, 200);
}

TEST_F(MountsTest, AUseCaseNotServedIsNotFound) {
  const auto chatkit = post_json(port_, "/chatkit/returns", request("threads.list", json::object()));
  EXPECT_EQ(chatkit.status, 404);
  EXPECT_EQ(error_code(chatkit), "not_found");
  EXPECT_NE(chatkit.body.find("todo, chat"), std::string::npos) << chatkit.body;
  EXPECT_EQ(http_request(port_, "GET", "/chatkit/returns/runs/run_1/events").status, 404);
  EXPECT_EQ(http_request(port_, "POST", "/chatkit/returns/attachments", "x", {{"Content-Type", "text/plain"}}).status, 404);
  // A use case's path takes only POST, as /chatkit does.
  const auto get = http_request(port_, "GET", "/chatkit/chat");
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.header("allow"), "POST, OPTIONS");
}

// The binary's start-up errors for --use-case: exit 2 and a line saying what is wrong.
TEST(MountsStartUp, BadUseCaseListsAreRefusedAtStartUp) {
  TempDir dir("chatkit_int_mounts_flags");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"todo,nope", "'nope' is not registered (use cases: chat, todo"},
      {"todo,todo", "names \"todo\" twice"},
      {"todo,,chat", "has an empty name"},
  };
  int n = 0;
  for (const auto& [value, said] : cases) {
    SCOPED_TRACE(value);
    ServerProcess server(server_binary(), {"--port", "0", "--db", (dir.path() / "x.db").string(), "--use-case", value},
                         dir.path() / ("stderr" + std::to_string(n++) + ".log"));
    ASSERT_TRUE(server.started());
    EXPECT_EQ(server.wait_exit(20s), 2);
    EXPECT_NE(server.stderr_text().find(said), std::string::npos) << server.stderr_text();
  }
}

// One use case: /chatkit as always, and its own path too; no other.
TEST(MountsStartUp, OneUseCaseIsAlsoAtItsOwnPath) {
  TempDir dir("chatkit_int_mounts_one");
  ServerProcess server(server_binary(),
                       {"--port", "0", "--db", (dir.path() / "x.db").string(), "--web", dir.path().string(), "--model",
                        "offline:0", "--use-case", "chat", "--log-level", "warn"},
                       dir.path() / "stderr.log");
  const auto port = server.wait_listening();
  ASSERT_NE(port, 0) << server.stderr_text();
  const std::string thread = thread_of(post_stream(port, "/chatkit", create_thread_request("hi")));
  ASSERT_FALSE(thread.empty());
  EXPECT_EQ(listed_threads(port, "/chatkit/chat"), std::vector<std::string>{thread});
  EXPECT_EQ(post_json(port, "/chatkit/todo", request("threads.list", json::object())).status, 404);
  EXPECT_EQ(http_request(port, "GET", "/chatkit/use-cases").json_body(),
            json::parse(R"({"use_cases":[{"name":"chat","path":"/chatkit/chat"}]})"));
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(20s), 0) << server.stderr_text();
}

// The two real use cases side by side: each reaches its own tables only, and lists its own threads.
class TodoAndReturnsTest : public MountsTest {
 protected:
  TodoAndReturnsTest() { use_cases_ = "todo,returns"; }
};

std::string dump_of(const Streamed& streamed) {
  std::string text;
  for (const auto& event : streamed.events) text += event.dump();
  return text;
}

TEST_F(TodoAndReturnsTest, EachReachesItsOwnTablesAndListsItsOwnThreads) {
  const auto lookup = post_stream(port_, "/chatkit/returns", create_thread_request("look up jane@example.com"));
  ASSERT_EQ(lookup.status, 200) << lookup.body.dump();
  EXPECT_NE(dump_of(lookup).find("Orders of Jane Cooper"), std::string::npos) << dump_of(lookup);
  // The same words at Todo are no lookup, and Todo's at Returns add no todo.
  const auto at_todo = post_stream(port_, "/chatkit/todo", create_thread_request("look up jane@example.com"));
  ASSERT_EQ(at_todo.status, 200);
  EXPECT_EQ(dump_of(at_todo).find("Jane Cooper"), std::string::npos) << dump_of(at_todo);
  const auto at_returns = post_stream(port_, "/chatkit/returns", create_thread_request("add buy milk"));
  ASSERT_EQ(at_returns.status, 200);
  EXPECT_EQ(count_rows(db(), "todos"), 0);
  const auto milk = post_stream(port_, "/chatkit", create_thread_request("add buy milk"));  // Todo, the first
  ASSERT_EQ(milk.status, 200);
  EXPECT_EQ(count_rows(db(), "todos"), 1);
  // Both use cases' tables in the one file, next to the threads of both.
  EXPECT_EQ(count_rows(db(), "returns_drafts"), 1);  // the lookup began one; "add buy milk" none
  EXPECT_EQ(count_rows(db(), "threads"), 4);
  EXPECT_EQ(integrity_check(db()), "ok");

  const auto returns_threads = listed_threads(port_, "/chatkit/returns");
  EXPECT_EQ(returns_threads, (std::vector<std::string>{thread_of(at_returns), thread_of(lookup)}));
  const auto todo_threads = listed_threads(port_, "/chatkit/todo");
  EXPECT_EQ(todo_threads, (std::vector<std::string>{thread_of(milk), thread_of(at_todo)}));
  const auto read = post_json(port_, "/chatkit/todo", request("threads.get_by_id", {{"thread_id", thread_of(lookup)}}));
  EXPECT_EQ(read.status, 404) << read.body;
}

}  // namespace
}  // namespace chatkit::testing
