#include "server/models/http/http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

#include "http_client_stand_in.hpp"

namespace chatkit::server {
namespace {

using chatkit::testing::StandIn;
using chatkit::testing::run_coroutine;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using namespace boost::asio::experimental::awaitable_operators;

// A body piece and when it arrived.
struct Piece {
  std::string bytes;
  Clock::time_point at;
};

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override { stand_in().reset(); }
  static StandIn& stand_in() { return StandIn::shared(); }

  static HttpRequest get(const std::string& path) {
    HttpRequest request;
    request.method = "GET";
    request.url = stand_in().url(path);
    return request;
  }
  // Runs the io_context until `done` holds (at most `limit`).
  void run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    const auto deadline = Clock::now() + limit;
    while (!done() && Clock::now() < deadline) {
      if (io.stopped()) io.restart();
      io.run_one_for(10ms);
    }
  }
  // The failure `task` ends with (the test fails when it ends without one).
  template <class T>
  HttpFailure failure_of(awaitable<T> task) {
    try {
      run_coroutine(io, std::move(task));
    } catch (const HttpFailure& failure) {
      return failure;
    }
    ADD_FAILURE() << "no HttpFailure";
    return HttpFailure(HttpFailure::Kind::transfer, "none");
  }

  net::io_context io;  // declared first: the client (and its thread) goes away before it
  std::unique_ptr<HttpClient> client = make_curl_http_client();
};

TEST_F(HttpClientTest, StreamsTheBodyAsItArrives) {
  stand_in().script(json::parse(R"([{"status":200,"headers":{"content-type":"text/event-stream"},
    "chunks":[{"data":"one"},{"data":"two","delay_ms":300},{"data":"three","delay_ms":300}]}])"));
  const auto started = Clock::now();
  auto read = [&]() -> awaitable<std::vector<Piece>> {
    HttpRequest request = get("/stream");
    auto exchange = co_await client->start(std::move(request));
    const HttpResponseHead head = co_await exchange->head();
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("Content-Type"), "text/event-stream");
    std::vector<Piece> pieces;
    while (auto bytes = co_await exchange->next()) pieces.push_back(Piece{*bytes, Clock::now()});
    pieces.push_back(Piece{"<end>", Clock::now()});
    co_return pieces;
  };
  const std::vector<Piece> pieces = run_coroutine(io, read());
  ASSERT_GE(pieces.size(), 3u);
  EXPECT_EQ(pieces.front().bytes, "one");
  EXPECT_LT(pieces.front().at - started, 250ms) << "the first bytes waited for the rest";
  EXPECT_GE(pieces.back().at - pieces.front().at, 500ms);
  std::string body;
  for (std::size_t i = 0; i + 1 < pieces.size(); ++i) body += pieces[i].bytes;
  EXPECT_EQ(body, "onetwothree");
}

TEST_F(HttpClientTest, SendsTheRequestAsGiven) {
  stand_in().script(json::parse(R"([{"status":201,"chunks":[{"data":"created"}]}])"));
  HttpRequest request;
  request.url = stand_in().url("/v1/things?x=1");
  request.headers = {{"Content-Type", "application/json"}, {"X-Test", "yes"}};
  request.body = std::string(4000, 'b');  // large enough that curl would otherwise send Expect
  const HttpResponse response = run_coroutine(io, client->fetch(std::move(request)));
  EXPECT_EQ(response.head.status, 201);
  EXPECT_EQ(response.body, "created");
  const json log = stand_in().log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["method"], "POST");
  EXPECT_EQ(log[0]["path"], "/v1/things?x=1");
  EXPECT_EQ(log[0]["body"], std::string(4000, 'b'));
  EXPECT_EQ(log[0]["headers"]["user-agent"], "chatkit-cpp/0.1");
  EXPECT_EQ(log[0]["headers"]["content-type"], "application/json");
  EXPECT_EQ(log[0]["headers"]["x-test"], "yes");
  EXPECT_FALSE(log[0]["headers"].contains("expect"));
}

TEST_F(HttpClientTest, FetchReturnsErrorStatusesWithTheirHeaders) {
  stand_in().script(json::parse(R"([{"status":429,"headers":{"Retry-After":"7","Content-Type":"application/json"},
    "chunks":[{"data":"{\"error\":"},{"data":"\"slow down\"}","delay_ms":50}]}])"));
  const HttpResponse response = run_coroutine(io, client->fetch(get("/busy")));
  EXPECT_EQ(response.head.status, 429);
  EXPECT_EQ(response.head.header("retry-after"), "7");
  EXPECT_EQ(response.head.header("RETRY-AFTER"), "7");
  EXPECT_EQ(response.head.header("x-missing"), std::nullopt);
  bool listed = false;
  for (const auto& header : response.head.headers) listed = listed || header.first == "retry-after";
  EXPECT_TRUE(listed) << "header names are lower-cased";
  EXPECT_EQ(response.body, R"({"error":"slow down"})");
}

TEST_F(HttpClientTest, ResponsesWithoutBodyEndAtOnce) {
  stand_in().script(json::parse(R"([{"status":204}])"));
  const HttpResponse response = run_coroutine(io, client->fetch(get("/empty")));
  EXPECT_EQ(response.head.status, 204);
  EXPECT_EQ(response.body, "");
}

TEST_F(HttpClientTest, FetchRefusesABodyOverTheLimit) {
  stand_in().script(json::parse(R"([{"status":200,"chunks":[{"data":"0123456789"},{"data":"0123456789"}]}])"));
  HttpRequest request = get("/big");
  request.max_body_bytes = 15;
  const HttpFailure failure = failure_of(client->fetch(std::move(request)));
  EXPECT_EQ(failure.kind(), HttpFailure::Kind::too_large);
  EXPECT_NE(std::string(failure.what()).find("larger than 15 bytes"), std::string::npos) << failure.what();
}

TEST_F(HttpClientTest, ConnectionRefusedIsAConnectFailure) {
  HttpRequest request;
  request.method = "GET";
  request.url = "http://127.0.0.1:" + std::to_string(chatkit::testing::closed_port()) + "/v1/x?key=secret";
  const HttpFailure failure = failure_of(client->fetch(std::move(request)));
  EXPECT_EQ(failure.kind(), HttpFailure::Kind::connect);
  const std::string message = failure.what();
  EXPECT_NE(message.find("GET http://127.0.0.1:"), std::string::npos) << message;
  EXPECT_NE(message.find("could not connect"), std::string::npos) << message;
  EXPECT_EQ(message.find("secret"), std::string::npos) << "the query stays out of messages: " << message;
}

TEST_F(HttpClientTest, NoHeadInTimeIsAHeadTimeout) {
  stand_in().script(json::parse(R"([{"status":200,"head_delay_ms":3000,"chunks":[{"data":"late"}]}])"));
  HttpRequest request = get("/slow-head");
  request.head_timeout = 300ms;
  const auto started = Clock::now();
  const HttpFailure failure = failure_of(client->fetch(std::move(request)));
  const auto took = Clock::now() - started;
  EXPECT_EQ(failure.kind(), HttpFailure::Kind::timeout);
  EXPECT_NE(std::string(failure.what()).find("no response head within 300 ms"), std::string::npos) << failure.what();
  EXPECT_GE(took, 290ms);
  EXPECT_LT(took, 1000ms);
  EXPECT_TRUE(stand_in().wait_aborted(0));
}

TEST_F(HttpClientTest, SilenceAfterTheHeadIsAnIdleTimeout) {
  stand_in().script(json::parse(R"([{"status":200,"chunks":[{"data":"first"}],"end":"hang"}])"));
  auto read = [&]() -> awaitable<Clock::duration> {
    HttpRequest request = get("/hang");
    request.idle_timeout = 300ms;
    auto exchange = co_await client->start(std::move(request));
    co_await exchange->head();
    const std::optional<std::string> bytes = co_await exchange->next();
    EXPECT_EQ(bytes, "first");
    const auto first = Clock::now();
    try {
      co_await exchange->next();
      ADD_FAILURE() << "the stream went on";
    } catch (const HttpFailure& failure) {
      EXPECT_EQ(failure.kind(), HttpFailure::Kind::timeout);
      EXPECT_NE(std::string(failure.what()).find("idle timeout"), std::string::npos) << failure.what();
    }
    co_return Clock::now() - first;
  };
  const auto waited = run_coroutine(io, read());
  EXPECT_GE(waited, 250ms);
  EXPECT_LT(waited, 1000ms);
  EXPECT_TRUE(stand_in().wait_aborted(0)) << "the connection was closed";
}

TEST_F(HttpClientTest, ASlowButLivelyStreamIsNotIdle) {
  stand_in().script(json::parse(R"([{"status":200,"chunks":[{"data":"a","delay_ms":200},{"data":"b","delay_ms":200},
    {"data":"c","delay_ms":200},{"data":"d","delay_ms":200}]}])"));
  HttpRequest request = get("/slow");
  request.idle_timeout = 500ms;
  const HttpResponse response = run_coroutine(io, client->fetch(std::move(request)));
  EXPECT_EQ(response.body, "abcd");
}

TEST_F(HttpClientTest, ACutStreamIsATransferFailureAfterItsBytes) {
  stand_in().script(json::parse(R"([{"status":200,"chunks":[{"data":"a"},{"data":"b","delay_ms":50}],"end":"cut"}])"));
  auto read = [&]() -> awaitable<std::string> {
    HttpRequest request = get("/cut");
    auto exchange = co_await client->start(std::move(request));
    co_await exchange->head();
    std::string body;
    try {
      while (auto bytes = co_await exchange->next()) body += *bytes;
      ADD_FAILURE() << "the stream ended normally";
    } catch (const HttpFailure& failure) {
      EXPECT_EQ(failure.kind(), HttpFailure::Kind::transfer) << failure.what();
    }
    co_return body;
  };
  EXPECT_EQ(run_coroutine(io, read()), "ab");
}

TEST_F(HttpClientTest, CancellingAPendingNextAbortsTheTransferAtOnce) {
  stand_in().script(json::parse(R"([{"status":200,"chunks":[{"data":"first"}],"end":"hang"}])"));
  net::cancellation_signal cancel;
  bool got_first = false;
  std::optional<Clock::time_point> ended;
  boost::system::error_code code;
  std::unique_ptr<HttpExchange> exchange;  // outlives the read: the abort comes from the cancellation
  auto read = [&]() -> awaitable<void> {
    HttpRequest request = get("/cancel");
    exchange = co_await client->start(std::move(request));
    co_await exchange->head();
    const std::optional<std::string> bytes = co_await exchange->next();
    got_first = bytes == "first";
    try {
      co_await exchange->next();
    } catch (const boost::system::system_error& error) {
      code = error.code();
    }
    ended = Clock::now();
  };
  net::co_spawn(io, read(), net::bind_cancellation_slot(cancel.slot(), net::detached));
  run_until([&] { return got_first; });
  ASSERT_TRUE(got_first);
  io.run_for(50ms);  // the second next() is now waiting
  ASSERT_FALSE(ended);
  const auto emitted = Clock::now();
  cancel.emit(net::cancellation_type::terminal);
  run_until([&] { return ended.has_value(); });
  ASSERT_TRUE(ended);
  EXPECT_EQ(code, net::error::operation_aborted);
  EXPECT_LT(*ended - emitted, 200ms);
  EXPECT_TRUE(stand_in().wait_aborted(0)) << "the upstream saw the client leave";
  // The exchange is done for: later awaits fail at once.
  auto again = [&]() -> awaitable<void> { co_await exchange->next(); };
  EXPECT_THROW(run_coroutine(io, again()), boost::system::system_error);
}

TEST_F(HttpClientTest, TheLoserOfAnOrIsAbortedLikeADisconnectedChat) {
  // The session runs `run(...) || watch_disconnect(...)`: here a timer plays the disconnect.
  stand_in().script(json::parse(R"([{"status":200,"chunks":[{"data":"first"}],"end":"hang"}])"));
  auto race = [&]() -> awaitable<std::size_t> {
    HttpRequest request = get("/race");
    auto exchange = co_await client->start(std::move(request));
    co_await exchange->head();
    co_await exchange->next();
    net::steady_timer disconnect(co_await net::this_coro::executor, 100ms);
    // Named parts: no temporaries inside the co_await expression (GCC 12).
    awaitable<std::optional<std::string>> next = exchange->next();
    awaitable<void> wait = disconnect.async_wait(net::use_awaitable);
    auto either = std::move(next) || std::move(wait);
    auto winner = co_await std::move(either);
    co_return winner.index();
  };
  const auto started = Clock::now();
  EXPECT_EQ(run_coroutine(io, race()), 1u);
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_TRUE(stand_in().wait_aborted(0));
}

TEST_F(HttpClientTest, CancellingAPendingHeadAbortsTheTransfer) {
  stand_in().script(json::parse(R"([{"status":200,"head_delay_ms":5000}])"));
  net::cancellation_signal cancel;
  std::optional<boost::system::error_code> code;
  auto read = [&]() -> awaitable<void> {
    HttpRequest request = get("/cancel-head");
    auto exchange = co_await client->start(std::move(request));
    try {
      co_await exchange->head();
      code = boost::system::error_code();
    } catch (const boost::system::system_error& error) {
      code = error.code();
    }
  };
  net::co_spawn(io, read(), net::bind_cancellation_slot(cancel.slot(), net::detached));
  io.run_for(200ms);
  ASSERT_FALSE(code);
  cancel.emit(net::cancellation_type::terminal);
  run_until([&] { return code.has_value(); }, 200ms);
  EXPECT_EQ(code, net::error::operation_aborted);
  EXPECT_TRUE(stand_in().wait_aborted(0));
}

TEST_F(HttpClientTest, DestroyingAnExchangeMidStreamAbortsIt) {
  stand_in().script(json::parse(R"([{"status":200,"chunks":[{"data":"first"},{"data":"later","delay_ms":5000}]}])"));
  auto read = [&]() -> awaitable<std::optional<std::string>> {
    HttpRequest request = get("/drop");
    auto exchange = co_await client->start(std::move(request));
    co_await exchange->head();
    std::optional<std::string> first = co_await exchange->next();
    co_return first;  // the exchange goes away here
  };
  EXPECT_EQ(run_coroutine(io, read()), "first");
  EXPECT_TRUE(stand_in().wait_aborted(0));
}

TEST_F(HttpClientTest, DestroyingTheClientEndsItsTransfers) {
  stand_in().script(json::parse(R"([{"status":200,"chunks":[{"data":"first"}],"end":"hang"}])"));
  auto read = [&]() -> awaitable<std::string> {
    HttpRequest request = get("/shutdown");
    auto exchange = co_await client->start(std::move(request));
    co_await exchange->head();
    co_await exchange->next();
    client.reset();  // stops the curl thread
    std::string message = "no failure";
    try {
      co_await exchange->next();
    } catch (const HttpFailure& failure) {
      message = failure.what();
    }
    co_return message;
  };
  const std::string message = run_coroutine(io, read());
  EXPECT_NE(message.find("shut down"), std::string::npos) << message;
  EXPECT_TRUE(stand_in().wait_aborted(0));
}

TEST_F(HttpClientTest, ManyConcurrentExchangesAllComplete) {
  constexpr int kExchanges = 50;
  json scripts = json::array();
  for (int i = 0; i < kExchanges; ++i) {
    const std::string tag = std::to_string(i);
    json chunks = json::array();
    for (const char* part : {"a", "b", "c"}) chunks.push_back(json{{"data", tag + part}, {"delay_ms", 30}});
    scripts.push_back(json{{"status", 200}, {"match", "/many/" + tag + "/"}, {"chunks", chunks}});
  }
  stand_in().script(scripts);
  std::vector<std::string> bodies(kExchanges);
  std::atomic<int> failures{0};
  for (int i = 0; i < kExchanges; ++i) {
    auto one = [&, i]() -> awaitable<void> {
      HttpRequest request = get("/many/" + std::to_string(i) + "/");
      auto exchange = co_await client->start(std::move(request));
      co_await exchange->head();
      while (auto bytes = co_await exchange->next()) bodies[i] += *bytes;
    };
    net::co_spawn(net::make_strand(io), std::move(one), [&](std::exception_ptr error) {
      if (error) ++failures;
    });
  }
  std::thread second([&] { io.run_for(20s); });  // two I/O threads, as in the server
  io.run_for(20s);
  second.join();
  EXPECT_EQ(failures, 0);
  for (int i = 0; i < kExchanges; ++i) {
    const std::string tag = std::to_string(i);
    EXPECT_EQ(bodies[i], tag + "a" + tag + "b" + tag + "c");
  }
  EXPECT_EQ(stand_in().log().size(), static_cast<std::size_t>(kExchanges));
}

}  // namespace
}  // namespace chatkit::server
