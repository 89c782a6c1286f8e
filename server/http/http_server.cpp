#include "server/http/http_server.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>

#include "server/http/listener.hpp"

namespace chatkit::server {

namespace {

std::vector<std::unique_ptr<net::io_context>> make_contexts(int threads) {
  std::vector<std::unique_ptr<net::io_context>> contexts;
  for (int i = 0; i < std::max(threads, 1); ++i) contexts.push_back(std::make_unique<net::io_context>(1));
  return contexts;
}

}  // namespace

HttpServer::HttpServer(ServerParts& parts, Options options)
    : parts_(parts),
      options_(std::move(options)),
      contexts_(make_contexts(options_.threads)),
      io_(*contexts_.front()),
      acceptor_(io_),
      signals_(io_, SIGTERM, SIGINT) {
  // The other contexts may have no connection for a while: they must keep running until stopped.
  for (auto& context : contexts_) keep_running_.push_back(net::make_work_guard(*context));
}

HttpServer::~HttpServer() = default;

Result<tcp::endpoint> HttpServer::listen() {
  auto acceptor = open_acceptor(io_, options_.host, options_.port);
  if (!acceptor) return acceptor.error();
  acceptor_ = std::move(*acceptor);
  return acceptor_.local_endpoint();
}

net::io_context& HttpServer::next_context() { return *contexts_[next_++ % contexts_.size()]; }

void HttpServer::run() {
  net::co_spawn(io_, accept_loop(acceptor_, parts_, [this]() -> net::io_context& { return next_context(); }),
                net::detached);
  parts_.runs.start_sync(io_.get_executor());
  signals_.async_wait([this](const beast::error_code& ec, int) {
    if (!ec) stop();
  });
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < contexts_.size(); ++i) threads.emplace_back([this, i] { contexts_[i]->run(); });
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
  // Poll rather than count: connections end on their own I/O threads.
  // Runs too: one whose reader left goes on, waiting for it (PROTOCOL §4.7).
  while (parts_.connections.size() > 0 || parts_.runs.running() > 0) {
    if (!forced && std::chrono::steady_clock::now() >= deadline) {
      parts_.logger.log(LogLevel::warn, "grace period over; closing the remaining connections",
                        {{"connections", parts_.connections.size()}, {"runs", parts_.runs.running()}});
      parts_.connections.close_all();
      parts_.runs.cancel_all();
      forced = true;
    }
    tick.expires_after(std::chrono::milliseconds(20));
    co_await tick.async_wait(net::as_tuple(net::use_awaitable));
  }
  co_await parts_.runs.sync_once();  // the last runs' ends, before the ledger would think this instance died
  keep_running_.clear();
  for (auto& context : contexts_) context->stop();
}

}  // namespace chatkit::server
