// Malformed or oversized input and the server's limits: each gets a clear 4xx (JSON naming the
// problem) and the store stays exactly as it was.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace chatkit::testing {
namespace {

server::HttpLimits small_limits() {
  server::HttpLimits limits;
  limits.max_body_bytes = 4096;
  limits.max_header_bytes = 2048;
  limits.header_timeout = std::chrono::seconds(1);
  limits.max_json_depth = 16;
  return limits;
}

class MalformedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    thread_id_ = create_thread(port(), "exists");
    ASSERT_FALSE(thread_id_.empty());
    before_ = row_counts(harness_.db_path());
  }
  void TearDown() override { EXPECT_EQ(row_counts(harness_.db_path()), before_) << "a refused request wrote to the store"; }

  std::uint16_t port() const { return harness_.port(); }

  ServerHarness harness_{HarnessOptions{.model = "bench:3", .limits = small_limits()}};
  std::string thread_id_;
  RowCounts before_;
};

struct BadBody {
  std::string name;
  std::string body;
  int status;
  std::string code;
  std::string path;       // expected error path ("" = not checked)
  std::string mentions;   // a word the message must contain ("" = not checked)
};

TEST_F(MalformedTest, BadBodiesAreRefusedWithTheProblemNamed) {
  const std::string deep = R"({"type":"threads.list","params":{},"metadata":{"x":)" + std::string(20, '[') +
                           std::string(20, ']') + "}}";
  const std::vector<BadBody> cases = {
      {"truncated JSON", R"({"type":)", 400, "invalid_json", "", ""},
      {"empty body", "", 400, "invalid_json", "", ""},
      {"trailing garbage", R"({"type":"threads.list","params":{}} x)", 400, "invalid_json", "", ""},
      {"invalid UTF-8", "{\"type\":\"threads.list\",\"params\":{},\"metadata\":{\"k\":\"\xff\xfe\"}}", 400, "invalid_json", "", ""},
      {"not an object", "[1,2]", 400, "invalid_request", "", "object"},
      {"missing type", R"({"params":{}})", 400, "invalid_request", "$.type", ""},
      {"unknown type", R"({"type":"threads.frobnicate","params":{}})", 400, "invalid_request", "$.type", "threads.frobnicate"},
      {"missing params", R"({"type":"threads.list"})", 400, "invalid_request", "$.params", ""},
      {"params not an object", R"({"type":"threads.list","params":[]})", 400, "invalid_request", "$.params", ""},
      {"missing thread_id", R"({"type":"threads.get_by_id","params":{}})", 400, "invalid_request", "$.params.thread_id", ""},
      {"thread_id a number", R"({"type":"threads.get_by_id","params":{"thread_id":5}})", 400, "invalid_request",
       "$.params.thread_id", ""},
      {"limit a string", R"({"type":"threads.list","params":{"limit":"ten"}})", 400, "invalid_request", "$.params.limit", ""},
      {"order unknown", R"({"type":"threads.list","params":{"order":"sideways"}})", 400, "invalid_request",
       "$.params.order", "sideways"},
      {"content a string", R"({"type":"threads.create","params":{"input":{"content":"hi"}}})", 400, "invalid_request",
       "$.params.input.content", ""},
      {"content part without text", R"({"type":"threads.create","params":{"input":{"content":[{"type":"input_text"}]}}})",
       400, "invalid_request", "$.params.input.content[0].text", ""},
      {"unknown content type", R"({"type":"threads.create","params":{"input":{"content":[{"type":"input_video"}]}}})", 400,
       "invalid_request", "$.params.input.content[0].type", ""},
      {"stream with null thread", R"({"type":"threads.add_user_message","params":{"thread_id":null,"input":{"content":[]}}})",
       400, "invalid_request", "$.params.thread_id", ""},
      {"too deep", deep, 400, "invalid_json", "", "16"},
  };
  for (const auto& c : cases) {
    const auto response = post_chatkit_raw(port(), c.body);
    EXPECT_EQ(response.status, c.status) << c.name << ": " << response.body;
    EXPECT_EQ(response.header("content-type"), "application/json") << c.name;
    const json error = error_of(response);
    ASSERT_TRUE(error.is_object()) << c.name << ": " << response.body;
    EXPECT_EQ(error.value("code", ""), c.code) << c.name << ": " << response.body;
    EXPECT_FALSE(error.value("message", "").empty()) << c.name;
    if (!c.path.empty()) {
      EXPECT_EQ(error.value("path", ""), c.path) << c.name << ": " << response.body;
    }
    if (!c.mentions.empty()) {
      EXPECT_NE(error.value("message", "").find(c.mentions), std::string::npos) << c.name << ": " << response.body;
    }
  }
}

TEST_F(MalformedTest, UnknownIdsAreNotFoundWithTheirPath) {
  const std::vector<std::pair<json, std::string>> cases = {
      {request("threads.get_by_id", {{"thread_id", "thr_missing"}}), "$.params.thread_id"},
      {request("items.list", {{"thread_id", "thr_missing"}}), "$.params.thread_id"},
      {request("items.list", {{"thread_id", thread_id_}, {"after", "msg_missing"}}), "$.params.after"},
      {request("threads.update", {{"thread_id", "thr_missing"}, {"title", "t"}}), "$.params.thread_id"},
      {request("threads.delete", {{"thread_id", "thr_missing"}}), "$.params.thread_id"},
      {request("items.feedback", {{"thread_id", "thr_missing"}, {"item_ids", json::array()}, {"kind", "positive"}}),
       "$.params.thread_id"},
      {add_user_message_request("thr_missing", "x"), "$.params.thread_id"},
      {request("threads.retry_after_item", {{"thread_id", thread_id_}, {"item_id", "msg_missing"}}), "$.params.item_id"},
      {request("threads.custom_action", {{"thread_id", thread_id_}, {"item_id", "msg_missing"}, {"action", {{"type", "a"}}}}),
       "$.params.item_id"},
      {request("threads.sync_custom_action", {{"thread_id", thread_id_}, {"item_id", "msg_missing"}, {"action", {{"type", "a"}}}}),
       "$.params.item_id"},
      {request("threads.add_structured_input", {{"thread_id", thread_id_}, {"item_id", "msg_missing"}, {"input", json::object()}}),
       "$.params.item_id"},
  };
  for (const auto& [body, path] : cases) {
    const auto response = post_chatkit(port(), body);
    EXPECT_EQ(response.status, 404) << body.dump() << " -> " << response.body;
    EXPECT_EQ(error_of(response)["code"], "not_found") << body.dump();
    EXPECT_EQ(error_of(response)["path"], path) << body.dump() << " -> " << response.body;
  }
}

TEST_F(MalformedTest, BodyOverTheLimitIs413) {
  const std::string body = R"({"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":")" +
                           std::string(6000, 'a') + R"("}]}}})";
  const auto response = post_chatkit_raw(port(), body);
  EXPECT_EQ(response.status, 413) << response.body;
  EXPECT_EQ(error_of(response)["code"], "payload_too_large");
  EXPECT_EQ(response.header("connection"), "close");
  // Just under the limit is fine.
  const std::string fits = R"({"type":"threads.list","params":{},"metadata":{"pad":")" + std::string(3900, 'a') + R"("}})";
  EXPECT_EQ(post_chatkit_raw(port(), fits).status, 200);
}

TEST_F(MalformedTest, HeadersOverTheLimitAre431) {
  const auto response = post_chatkit(port(), request("threads.list", json::object()), {{"X-Padding", std::string(3000, 'p')}});
  EXPECT_EQ(response.status, 431) << response.body;
  EXPECT_EQ(error_of(response)["code"], "headers_too_large");
  EXPECT_NE(error_of(response)["message"].get<std::string>().find("header"), std::string::npos);
}

TEST_F(MalformedTest, WrongMethodOnChatkitIs405WithAllow) {
  for (const char* method : {"GET", "PUT", "DELETE"}) {
    const auto response = http_request(port(), method, "/chatkit");
    EXPECT_EQ(response.status, 405) << method;
    EXPECT_EQ(response.header("allow"), "POST, OPTIONS") << method;
    EXPECT_EQ(error_of(response)["code"], "method_not_allowed") << method;
  }
  const auto post_health = http_request(port(), "POST", "/healthz", "{}");
  EXPECT_EQ(post_health.status, 405);
  EXPECT_EQ(post_health.header("allow"), "GET, HEAD");
}

TEST_F(MalformedTest, GarbageHttpIs400) {
  HttpConnection connection(port());
  ASSERT_TRUE(connection.send_raw("HELLO THERE\r\n\r\n"));
  const auto response = connection.read_response();
  ASSERT_TRUE(response) << "no answer to a garbage request line";
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(error_of(*response)["code"], "invalid_request");
}

TEST_F(MalformedTest, HalfARequestTimesOut) {
  for (const std::string& partial :
       {std::string("POST /chatkit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"),
        std::string("POST /chatkit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"type\":")}) {
    HttpConnection connection(port(), std::chrono::seconds(5));
    const auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(connection.send_raw(partial));
    // A 408 answer, then the close, about a second later (--header-timeout 1).
    const auto response = connection.read_response();
    const auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_FALSE(connection.timed_out()) << "the server kept a half request open";
    ASSERT_TRUE(response) << "closed without the 408";
    EXPECT_EQ(response->status, 408);
    EXPECT_EQ(error_of(*response)["code"], "request_timeout");
    EXPECT_TRUE(connection.wait_closed(std::chrono::seconds(2)));
    EXPECT_LT(elapsed, std::chrono::seconds(4));
    EXPECT_GE(elapsed, std::chrono::milliseconds(500)) << "closed before the timeout";
  }
}

// --idle-timeout: a kept-alive connection that sends nothing more is closed, quietly (no answer).
TEST(IdleTimeoutTest, AnIdleKeptAliveConnectionIsClosed) {
  server::HttpLimits limits;
  limits.idle_timeout = std::chrono::seconds(1);
  ServerHarness harness(HarnessOptions{.limits = limits});
  HttpConnection connection(harness.port(), std::chrono::seconds(5));
  ASSERT_TRUE(connection.send_request("GET", "/healthz"));
  const auto first = connection.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(connection.wait_closed(std::chrono::seconds(4)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(500)) << "closed before the timeout";
}

// --max-streams: the third concurrent stream is refused with 503 + Retry-After, and writes nothing.
TEST(MaxStreamsTest, StreamsBeyondTheLimitGet503) {
  server::HttpLimits limits;
  limits.max_streams = 2;
  ServerHarness harness(HarnessOptions{.model = "bench:100:20", .limits = limits});
  std::vector<std::unique_ptr<SseClient>> open;
  for (int i = 0; i < 2; ++i) {
    open.push_back(std::make_unique<SseClient>(harness.port(), create_thread_request("long")));
    ASSERT_EQ(open.back()->status(), 200);
    // Read until the answer streams: the stream is surely counted as open.
    for (;;) {
      auto event = open.back()->next();
      ASSERT_TRUE(event);
      if ((*event)["type"] == "thread.item.updated") break;
    }
  }
  // Wait for the two streams' writes (thread + user message each) so the counts are stable.
  const RowCounts before = row_counts(harness.db_path());
  EXPECT_EQ(before, (RowCounts{2, 2}));
  for (const json& body : {create_thread_request("third"), add_user_message_request("thr_whatever", "x")}) {
    const auto response = post_chatkit(harness.port(), body);
    EXPECT_EQ(response.status, 503) << response.body;
    EXPECT_EQ(response.header("retry-after"), "1");
    EXPECT_EQ(error_of(response)["code"], "too_many_streams");
  }
  // JSON requests are not streams: still answered.
  EXPECT_EQ(post_chatkit(harness.port(), request("threads.list", json::object())).status, 200);
  EXPECT_EQ(row_counts(harness.db_path()), before);

  // Once a stream ends, a new one may start.
  open[0]->connection().close();
  const auto retry = [&] {
    SseClient client(harness.port(), create_thread_request("fourth"));
    return client.status() == 200;
  };
  EXPECT_TRUE(eventually(retry, std::chrono::seconds(5)));
  for (auto& client : open) client->connection().close();
}

}  // namespace
}  // namespace chatkit::testing
