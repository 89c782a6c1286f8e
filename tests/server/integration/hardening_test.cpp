// The real binary against hostile input, over raw sockets: each case is one that took the server
// down, flooded it or confused it before (issue 14), and each asserts that the server answers with
// the error it names, keeps its memory bounded, and goes on serving.
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <future>
#include <regex>
#include <thread>

#include "process.hpp"
#include "test_util.hpp"

namespace chatkit::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A field of /proc/PID/status in KiB (VmRSS, VmHWM), 0 when unreadable.
std::size_t status_kb(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::stoul(line.substr(field.size() + 1));
  }
  return 0;
}

// One chatkit-server process with a temporary database and web folder.
class Binary {
 public:
  explicit Binary(std::vector<std::string> extra = {}, std::string model = "offline:5") : dir_("chatkit_int_hard") {
    fs::create_directories(dir_.path() / "web");
    std::ofstream(dir_.path() / "web" / "index.html") << "<!doctype html><title>t</title>";
    std::vector<std::string> args = {"--port", "0", "--db", (dir_.path() / "chatkit.db").string(), "--web",
                                     (dir_.path() / "web").string(), "--model", model, "--log-level", "info"};
    args.insert(args.end(), extra.begin(), extra.end());
    process_ = std::make_unique<ServerProcess>(server_binary(), args, dir_.path() / "stderr.log");
    port_ = process_->wait_listening();
  }
  std::uint16_t port() const { return port_; }
  ServerProcess& process() { return *process_; }
  std::string log() const { return process_->stderr_text(); }
  // The server still answers, and has not exited.
  bool alive() { return !process_->wait_exit(0ms) && http_request(port_, "GET", "/healthz").status == 200; }

 private:
  TempDir dir_;
  std::unique_ptr<ServerProcess> process_;
  std::uint16_t port_ = 0;
};

std::string host_header(std::uint16_t port) { return "Host: 127.0.0.1:" + std::to_string(port) + "\r\n"; }

std::string chunked_head(std::uint16_t port) {
  return "POST /chatkit HTTP/1.1\r\n" + host_header(port) + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
}

// Item 1: a trailer field over Beast's 64 KiB aborted the process (std::length_error), before auth.
TEST(HardeningTest, AHugeChunkedTrailerFieldIs431AndTheServerLives) {
  Binary server;
  ASSERT_NE(server.port(), 0) << server.log();
  for (std::size_t size : {65'530u, 70'000u, 300'000u}) {
    HttpConnection connection(server.port());
    connection.send_raw(chunked_head(server.port()) + "0\r\nX: " + std::string(size, 'a') + "\r\n\r\n");
    const auto response = connection.read_response();
    ASSERT_TRUE(response) << size;
    EXPECT_EQ(response->status, 431) << size;
    EXPECT_EQ(error_of(*response)["code"], "headers_too_large");
    EXPECT_TRUE(connection.wait_closed(5s));
  }
  EXPECT_TRUE(server.alive()) << server.log();
}

// Item 2: trailers were read whole (200 MB in 0.4 s); now they count against --max-header-bytes.
TEST(HardeningTest, ATrailerFloodIsCutAtTheHeaderLimitWithBoundedMemory) {
  Binary server;
  ASSERT_NE(server.port(), 0) << server.log();
  const auto peak_before = status_kb(server.process().pid(), "VmHWM");
  HttpConnection connection(server.port());
  ASSERT_TRUE(connection.send_raw(chunked_head(server.port()) + "1\r\na\r\n0\r\n"));
  const std::string field = "X-Flood: " + std::string(60'000, 'f') + "\r\n";
  std::size_t sent = 0;
  while (sent < (200u << 20) && connection.send_raw(field)) sent += field.size();
  EXPECT_LT(sent, 8u << 20) << "the server kept reading the trailer";
  const auto response = connection.read_response();
  ASSERT_TRUE(response) << "no answer before the close";
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(connection.wait_closed(5s));
  const auto peak_after = status_kb(server.process().pid(), "VmHWM");
  EXPECT_LT(peak_after - peak_before, 32u * 1024) << "peak RSS grew by " << (peak_after - peak_before) << " KiB";
  // Many small trailer fields, each far below a field's limit, are refused the same way.
  HttpConnection small(server.port());
  std::string trailer;
  for (int i = 0; i < 40; ++i) trailer += "X-" + std::to_string(i) + ": " + std::string(1000, 's') + "\r\n";
  small.send_raw(chunked_head(server.port()) + "0\r\n" + trailer + "\r\n");
  const auto refused = small.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 431);
  EXPECT_TRUE(server.alive()) << server.log();
}

// Item 4: --max-header-bytes 200000 let one field reach Beast's abort; the flag is bounded now.
TEST(HardeningTest, MaxHeaderBytesBeyondWhatTheParserHonoursExitsWith2) {
  TempDir dir("chatkit_int_hard");
  for (const char* value : {"200000", "65536", "100"}) {
    ServerProcess server(server_binary(), {"--port", "0", "--max-header-bytes", value}, dir.path() / "stderr.log");
    EXPECT_EQ(server.wait_exit(20s), 2) << value;
    EXPECT_NE(server.stderr_text().find("--max-header-bytes"), std::string::npos) << server.stderr_text();
  }
  // The largest value is honoured: a field just under it is answered, one over it is a 431.
  Binary server({"--max-header-bytes", "65535"});
  ASSERT_NE(server.port(), 0) << server.log();
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz", {}, {{"X-Big", std::string(65'000, 'b')}}).status, 200);
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz", {}, {{"X-Big", std::string(66'000, 'b')}}).status, 431);
  HttpConnection trailer(server.port());
  trailer.send_raw(chunked_head(server.port()) + "0\r\nX: " + std::string(65'534, 't') + "\r\n\r\n");
  const auto response = trailer.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(server.alive()) << server.log();
}

// Item 5: a final transfer coding other than chunked let the body run as a second request.
TEST(HardeningTest, ATransferCodingOtherThanChunkedIs400AndItsBodyNeverRuns) {
  Binary server;
  ASSERT_NE(server.port(), 0) << server.log();
  const std::string smuggled = "GET /healthz HTTP/1.1\r\n" + host_header(server.port()) + "\r\n";
  for (const char* coding : {"gzip", "xchunked", "chunked, gzip", "identity"}) {
    HttpConnection connection(server.port());
    connection.send_raw("POST /chatkit HTTP/1.1\r\n" + host_header(server.port()) + "Transfer-Encoding: " + coding +
                        "\r\n\r\n" + smuggled);
    const auto response = connection.read_response();
    ASSERT_TRUE(response) << coding;
    EXPECT_EQ(response->status, 400) << coding;
    EXPECT_NE(error_of(*response)["message"].get<std::string>().find("Transfer-Encoding"), std::string::npos);
    EXPECT_FALSE(connection.read_response()) << coding << ": the body was answered as a request";
  }
  EXPECT_TRUE(server.alive());
}

// Item 6: without tokens, a rebound name (Host and Origin both evil.example) read every thread.
TEST(HardeningTest, WithoutTokensOnlyLoopbackHostsAreAnswered) {
  Binary server;
  ASSERT_NE(server.port(), 0) << server.log();
  ASSERT_FALSE(create_thread(server.port(), "add secret plans").empty());
  const std::string port = std::to_string(server.port());
  const json list = request("threads.list", json::object());
  const auto rebound = post_chatkit(server.port(), list, {{"Host", "evil.example:" + port},
                                                           {"Origin", "http://evil.example:" + port}});
  EXPECT_EQ(rebound.status, 403) << rebound.body;
  EXPECT_EQ(error_of(rebound)["code"], "forbidden");
  EXPECT_EQ(rebound.body.find("secret"), std::string::npos);
  EXPECT_EQ(http_request(server.port(), "GET", "/", {}, {{"Host", "evil.example:" + port}}).status, 403);
  for (const std::string& host : std::vector<std::string>{"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST"}) {
    EXPECT_EQ(post_chatkit(server.port(), list, {{"Host", host}}).status, 200) << host;
  }
  HttpConnection no_host(server.port());
  no_host.send_raw("GET /healthz HTTP/1.1\r\n\r\n");
  const auto missing = no_host.read_response();
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);

  Binary listed({"--allowed-hosts", "chat.example"});
  ASSERT_NE(listed.port(), 0) << listed.log();
  const std::string listed_port = std::to_string(listed.port());
  EXPECT_EQ(post_chatkit(listed.port(), list, {{"Host", "chat.example:" + listed_port},
                                               {"Origin", "http://chat.example:" + listed_port}})
                .status,
            200);
  EXPECT_EQ(post_chatkit(listed.port(), list, {{"Host", "evil.example"}}).status, 403);
}

TEST(HardeningTest, WithTokensAnyHostIsAnswered) {
  TempDir dir("chatkit_int_hard");
  std::ofstream(dir.path() / "tokens") << "tok-a alice\n";
  Binary server({"--auth-tokens", (dir.path() / "tokens").string()});
  ASSERT_NE(server.port(), 0) << server.log();
  Headers headers = bearer("tok-a");
  headers.emplace_back("Host", "api.example.com");
  EXPECT_EQ(post_chatkit(server.port(), request("threads.list", json::object()), headers).status, 200);
  EXPECT_EQ(post_chatkit(server.port(), request("threads.list", json::object()), {{"Host", "api.example.com"}}).status,
            401);
}

// Item 7: a CSP in a <meta> tag cannot forbid framing; the headers can.
TEST(HardeningTest, StaticAnswersCarryTheSecurityHeaders) {
  Binary server;
  ASSERT_NE(server.port(), 0) << server.log();
  for (const char* path : {"/", "/index.html", "/missing.js"}) {
    const auto page = http_request(server.port(), "GET", path);
    EXPECT_NE(page.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_NE(page.header("content-security-policy").find("object-src 'none'"), std::string::npos) << path;
    EXPECT_EQ(page.header("x-content-type-options"), "nosniff") << path;
    EXPECT_EQ(page.header("referrer-policy"), "no-referrer") << path;
  }
  Binary embedded({"--frame-ancestors", "'self' https://app.example"});
  ASSERT_NE(embedded.port(), 0) << embedded.log();
  EXPECT_TRUE(http_request(embedded.port(), "GET", "/").header("content-security-policy")
                  .ends_with("frame-ancestors 'self' https://app.example"));
  TempDir dir("chatkit_int_hard");
  ServerProcess bad(server_binary(), {"--port", "0", "--frame-ancestors", "https://a.example; script-src *"},
                    dir.path() / "stderr.log");
  EXPECT_EQ(bad.wait_exit(20s), 2);
  EXPECT_NE(bad.stderr_text().find("--frame-ancestors"), std::string::npos);
}

// Item 9: the log said 408 while the client saw a bare EOF.
TEST(HardeningTest, AStalledRequestGetsThe408ThenTheClose) {
  Binary server({"--header-timeout", "1"});
  ASSERT_NE(server.port(), 0) << server.log();
  for (const std::string& partial : std::vector<std::string>{"POST /chatkit HTTP/1.1\r\n" + host_header(server.port()) + "Content-Le",
                                    "POST /chatkit HTTP/1.1\r\n" + host_header(server.port()) +
                                        "Content-Length: 100\r\n\r\n{\"type\":",
                                    chunked_head(server.port()) + "10\r\nabc"}) {
    HttpConnection connection(server.port(), 5s);
    const auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(connection.send_raw(partial));
    const auto response = connection.read_response();
    ASSERT_TRUE(response) << "no 408 for: " << partial;
    EXPECT_EQ(response->status, 408);
    EXPECT_EQ(error_of(*response)["code"], "request_timeout");
    EXPECT_TRUE(connection.wait_closed(3s));
    EXPECT_GE(std::chrono::steady_clock::now() - started, 800ms);
  }
  EXPECT_NE(server.log().find("\"status\":408"), std::string::npos);
}

// Item 10: 1.3 M `{}` in 3.9 MB took 259 MB each; the value count is bounded before the tree.
TEST(HardeningTest, AFloodOfTinyJsonValuesIsRefusedBeforeItsTreeIsBuilt) {
  Binary server;
  ASSERT_NE(server.port(), 0) << server.log();
  std::string flood = "[";
  while (flood.size() < 3'900'000) flood += "{},";
  flood += "{}]";
  const std::string body = R"({"type":"threads.create","params":{"input":{"content":)" + flood + "}}}";
  const auto peak_before = status_kb(server.process().pid(), "VmHWM");
  std::vector<std::future<HttpResponse>> senders;
  for (int i = 0; i < 8; ++i) {
    senders.push_back(std::async(std::launch::async, [&] { return post_chatkit_raw(server.port(), body); }));
  }
  for (auto& sender : senders) {
    const auto response = sender.get();
    EXPECT_EQ(response.status, 413) << response.body.substr(0, 200);
    EXPECT_NE(error_of(response)["message"].get<std::string>().find("values"), std::string::npos);
  }
  const auto peak_after = status_kb(server.process().pid(), "VmHWM");
  // The eight bodies themselves are 31 MB; their trees were 600 MB.
  EXPECT_LT(peak_after - peak_before, 120u * 1024) << "peak RSS grew by " << (peak_after - peak_before) << " KiB";
  EXPECT_TRUE(server.alive());
  Binary strict({"--max-json-values", "16"});
  ASSERT_NE(strict.port(), 0) << strict.log();
  EXPECT_EQ(post_chatkit_raw(strict.port(), R"({"type":"threads.list","params":{"limit":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]}})")
                .status,
            413);
  EXPECT_EQ(post_chatkit(strict.port(), request("threads.list", json::object())).status, 200);
}

// Starts a long answer on `thread` ("count to N" streams word by word) and returns once it runs.
std::unique_ptr<SseClient> start_long_answer(std::uint16_t port, const std::string& thread) {
  auto client = std::make_unique<SseClient>(
      port, request("threads.add_user_message",
                    {{"thread_id", thread},
                     {"input", {{"content", {{{"type", "input_text"}, {"text", "count to 400"}}}},
                                {"attachments", json::array()},
                                {"inference_options", json::object()}}}}));
  while (auto event = client->next()) {
    if ((*event)["type"] == "thread.item.updated") break;
  }
  return client;
}

json user_message(const std::string& thread, const std::string& text) {
  return request("threads.add_user_message",
                 {{"thread_id", thread},
                  {"input", {{"content", {{{"type", "input_text"}, {"text", text}}}},
                             {"attachments", json::array()},
                             {"inference_options", json::object()}}}});
}

// Item 11: a retry during a running answer left user, assistant, assistant.
TEST(HardeningTest, ASecondAnswerOnABusyThreadIs409AndNothingIsWritten) {
  Binary server;
  ASSERT_NE(server.port(), 0) << server.log();
  StreamResult first;
  const std::string thread = create_thread(server.port(), "add milk", &first);
  ASSERT_FALSE(thread.empty());
  const std::string first_user = first.events.at(1)["item"]["id"];
  auto running = start_long_answer(server.port(), thread);
  ASSERT_EQ(running->status(), 200);
  const auto before = post_chatkit(server.port(), request("threads.get_by_id", {{"thread_id", thread}}));
  const auto second = post_chatkit(server.port(), user_message(thread, "add eggs"));
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(error_of(second)["code"], "thread_busy");
  const auto retry = post_chatkit(server.port(), request("threads.retry_after_item",
                                                         {{"thread_id", thread}, {"item_id", first_user}}));
  EXPECT_EQ(retry.status, 409) << retry.body;
  EXPECT_EQ(post_chatkit(server.port(), request("threads.get_by_id", {{"thread_id", thread}})).json_body(),
            before.json_body())
      << "a refused request wrote something";
  const auto rest = running->rest();
  ASSERT_FALSE(rest.empty());
  EXPECT_EQ(rest.back()["type"], "thread.item.done");
  // Once the answer has ended, the thread takes the next message at once.
  const auto next = stream_chatkit(server.port(), user_message(thread, "add eggs"));
  EXPECT_EQ(next.status, 200) << next.raw;
  EXPECT_EQ(next.index_of("error"), -1) << next.raw;
}

TEST(HardeningTest, AThreadDeletedMidStreamEndsWithoutAnOfferToRetry) {
  Binary server;
  ASSERT_NE(server.port(), 0) << server.log();
  const std::string thread = create_thread(server.port(), "add milk");
  ASSERT_FALSE(thread.empty());
  auto running = start_long_answer(server.port(), thread);
  EXPECT_EQ(post_chatkit(server.port(), request("threads.delete", {{"thread_id", thread}})).status, 200);
  const auto rest = running->rest();
  ASSERT_FALSE(rest.empty());
  const json& last = rest.back();
  ASSERT_EQ(last["type"], "error") << last.dump();
  EXPECT_FALSE(last.value("allow_retry", true)) << last.dump();
  EXPECT_EQ(post_chatkit(server.port(), request("threads.get_by_id", {{"thread_id", thread}})).status, 404);
}

// Item 12: small ones.
TEST(HardeningTest, OptionsWithoutOriginIsAJsonErrorAndQueriesStayOutOfTheLog) {
  Binary server;
  ASSERT_NE(server.port(), 0) << server.log();
  const auto options = http_request(server.port(), "OPTIONS", "/chatkit");
  EXPECT_EQ(options.status, 403);
  EXPECT_EQ(error_of(options)["code"], "forbidden");
  EXPECT_NE(error_of(options)["message"].get<std::string>().find("Origin"), std::string::npos);
  EXPECT_EQ(http_request(server.port(), "GET", "/index.html?access_token=s3cr3t-t0ken&x=1").status, 200);
  EXPECT_TRUE(eventually([&] { return server.log().find("/index.html") != std::string::npos; }));
  EXPECT_EQ(server.log().find("s3cr3t-t0ken"), std::string::npos) << server.log();
}

// Item 12: out of file descriptors, the server turns connections away and recovers once the idle
// ones time out. Built only without sanitizers (the test command runs this suite on a Release build
// too): the sanitizer runtime checks that a vtable is readable by writing it into a pipe, which
// EMFILE refuses, so under ASan + UBSan every vptr check that misses its cache then reports
// "invalid vptr ... memory cannot be printed" on a valid object and aborts. That report (the
// UBSan finding of issue 14) is the runtime's, not ours or Boost's; a suppression cannot reach it,
// since the runtime cannot read the type name it would match.
#if !defined(__SANITIZE_ADDRESS__)
TEST(HardeningTest, OutOfFileDescriptorsTheServerTurnsClientsAwayAndRecovers) {
  TempDir dir("chatkit_int_hard");
  ServerProcess server("/usr/bin/prlimit",
                       {"--nofile=64:64", server_binary(), "--port", "0", "--db", (dir.path() / "db").string(),
                        "--idle-timeout", "1", "--threads", "2", "--log-level", "warn"},
                       dir.path() / "stderr.log");
  const auto port = server.wait_listening();
  ASSERT_NE(port, 0) << server.stderr_text();
  std::vector<std::unique_ptr<HttpConnection>> idle;
  for (int i = 0; i < 120; ++i) idle.push_back(std::make_unique<HttpConnection>(port, 3s));
  // Some were accepted and sit idle; the rest were turned away: closed at once, not left waiting.
  int turned_away = 0;
  for (auto& connection : idle) turned_away += connection->wait_closed(300ms) ? 1 : 0;
  EXPECT_GT(turned_away, 0);
  EXPECT_NE(server.stderr_text().find("turned away"), std::string::npos) << server.stderr_text();
  // Once the idle ones time out, the server serves again.
  EXPECT_TRUE(eventually([&] { return http_request(port, "GET", "/healthz").status == 200; }, 10s));
  idle.clear();
  EXPECT_EQ(stream_chatkit(port, create_thread_request("still here")).status, 200);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(15s), 0) << server.stderr_text();
}
#endif

}  // namespace
}  // namespace chatkit::testing
