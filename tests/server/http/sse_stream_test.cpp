// SseStream over a real loopback connection: frames go out in order in chunked framing, and a
// client that stops reading holds the producer back (backpressure) until it reads again or leaves.
#include "server/http/sse_stream.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace chatkit::server {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

class SseStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    // Small kernel buffers (set before connecting, so the window stays small): a client that stops
    // reading fills them after a few kilobytes.
    client.open(tcp::v4());
    client.set_option(net::socket_base::receive_buffer_size(4096));
    client.connect(acceptor.local_endpoint());
    tcp::socket accepted = acceptor.accept();
    accepted.set_option(net::socket_base::send_buffer_size(4096));
    server.emplace(std::move(accepted));
  }

  // Sends `frames` frames of `size` bytes, minding ready() as Turn does.
  void produce(SseStream& sse, int frames, std::size_t size) {
    net::co_spawn(
        io,
        [&, frames, size]() -> awaitable<void> {
          const std::string frame = "data: " + std::string(size - 8, 'x') + "\n\n";
          try {
            for (; sent < frames; ++sent) {
              sse.send(frame);
              if (!sse.ready()) co_await sse.wait_ready();
            }
            finished = co_await sse.finish();
          } catch (const ClientGone&) {
            client_gone = true;
          }
        },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
  }

  // Reads everything the server sends until the end of the chunked body.
  void drain() {
    net::co_spawn(
        io,
        [this]() -> awaitable<void> {
          char buffer[16384];
          for (;;) {
            auto [ec, n] = co_await client.async_read_some(net::buffer(buffer), net::as_tuple(net::use_awaitable));
            if (ec) co_return;
            received.append(buffer, n);
            if (received.ends_with("\r\n0\r\n\r\n")) co_return;
          }
        },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
  }

  net::io_context io;
  tcp::socket client{io};
  std::optional<beast::tcp_stream> server;
  int sent = 0;
  bool finished = false;
  bool client_gone = false;
  std::string received;
};

TEST_F(SseStreamTest, FramesGoOutInOrderInChunksAndTheBodyEnds) {
  SseStream sse(*server, {});
  sse.start(std::string(kHead));
  net::co_spawn(
      io,
      [&]() -> awaitable<void> {
        sse.send("data: a\n\n");
        sse.send("data: bc\n\n");
        finished = co_await sse.finish();
      },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  drain();
  io.run_for(5s);
  EXPECT_TRUE(finished);
  EXPECT_EQ(received, std::string(kHead) + "9\r\ndata: a\n\n\r\na\r\ndata: bc\n\n\r\n0\r\n\r\n");
}

TEST_F(SseStreamTest, AClientThatStopsReadingHoldsTheProducerBackUntilItReadsAgain) {
  constexpr int kFrames = 10'000;  // 10 MB: far more than the kernel's buffers hold
  SseStream sse(*server, {.high_water_bytes = 8192});
  sse.start(std::string(kHead));
  produce(sse, kFrames, 1024);
  io.run_for(300ms);
  EXPECT_FALSE(finished);
  EXPECT_GT(sent, 0);
  EXPECT_LT(sent, 1000) << "the producer ran ahead of a client that reads nothing";

  drain();
  io.run_for(20s);
  EXPECT_TRUE(finished);
  EXPECT_EQ(sent, kFrames);
  EXPECT_TRUE(received.ends_with("\r\n0\r\n\r\n"));
  // The head, each frame as a chunk ("400\r\n" + 1,024 bytes + "\r\n"), then the last chunk.
  EXPECT_EQ(received.size(), kHead.size() + kFrames * (1024 + 7) + 5);
}

TEST_F(SseStreamTest, AClientThatLeavesWhileTheProducerWaitsEndsItWithClientGone) {
  SseStream sse(*server, {.high_water_bytes = 8192});
  sse.start(std::string(kHead));
  produce(sse, 10'000, 1024);
  io.run_for(300ms);
  ASSERT_FALSE(finished);
  // Closing with unread data resets the connection: the write in flight fails.
  client.set_option(net::socket_base::linger(true, 0));
  client.close();
  io.run_for(10s);
  EXPECT_TRUE(client_gone);
  EXPECT_FALSE(finished);
  EXPECT_THROW(sse.send("data: late\n\n"), ClientGone);
}

}  // namespace
}  // namespace chatkit::server
