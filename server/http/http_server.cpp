#include "server/http/http_server.hpp"

#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>

#include "server/http/listener.hpp"

namespace chatkit::server {

HttpServer::HttpServer(ServerParts& parts, Options options)
    : parts_(parts), options_(std::move(options)), io_(options_.threads), acceptor_(io_), signals_(io_, SIGTERM, SIGINT) {}

HttpServer::~HttpServer() = default;

Result<tcp::endpoint> HttpServer::listen() {
  auto acceptor = open_acceptor(io_, options_.host, options_.port);
  if (!acceptor) return acceptor.error();
  acceptor_ = std::move(*acceptor);
  return acceptor_.local_endpoint();
}

void HttpServer::run() {
  net::co_spawn(io_, accept_loop(acceptor_, parts_), net::detached);
  signals_.async_wait([this](const beast::error_code& ec, int) {
    if (!ec) stop();
  });
  std::vector<std::thread> threads;
  for (int i = 1; i < options_.threads; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& thread : threads) thread.join();
}

void HttpServer::stop() {
  net::post(io_, [this] {
    if (parts_.connections.stopping()) return;
    net::co_spawn(io_, shut_down(), net::detached);
  });
}

awaitable<void> HttpServer::shut_down() {
  parts_.logger.log(LogLevel::info, "shutting down", {{"grace_seconds", options_.shutdown_grace.count()}});
  beast::error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  parts_.connections.begin_shutdown();
  net::steady_timer tick(io_);
  const auto deadline = std::chrono::steady_clock::now() + options_.shutdown_grace;
  bool forced = false;
  // Poll rather than count: connections end on their own strands.
  while (parts_.connections.size() > 0) {
    if (!forced && std::chrono::steady_clock::now() >= deadline) {
      parts_.logger.log(LogLevel::warn, "grace period over; closing the remaining connections",
                        {{"connections", parts_.connections.size()}});
      parts_.connections.close_all();
      forced = true;
    }
    tick.expires_after(std::chrono::milliseconds(20));
    co_await tick.async_wait(net::as_tuple(net::use_awaitable));
  }
  io_.stop();
}

}  // namespace chatkit::server
