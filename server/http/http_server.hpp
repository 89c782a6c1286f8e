#pragma once
// The HTTP server's life: listen, run the I/O threads, and stop gracefully on SIGTERM/SIGINT
// (stop accepting, close idle connections, let running streams finish within the grace period,
// then close the rest, whose runs are cancelled and persisted as §4.5 says).
//
// Each I/O thread runs an io_context of its own, and a connection lives on one of them from
// accept to close: nothing on a request's path crosses threads or takes the scheduler's lock.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "server/http/net.hpp"
#include "server/http/server_parts.hpp"

namespace chatkit::server {

class HttpServer {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8000;
    int threads = 1;
    std::chrono::seconds shutdown_grace{10};
  };
  HttpServer(ServerParts& parts, Options options);
  ~HttpServer();

  // Binds; the actual endpoint (port 0 picks a free one).
  Result<tcp::endpoint> listen();
  // Serves until a signal (or stop()) and the graceful shutdown are over.
  void run();
  // Begins the graceful shutdown, as SIGTERM does. Thread-safe.
  void stop();

 private:
  awaitable<void> shut_down();
  // The context of the next accepted connection (round robin).
  net::io_context& next_context();

  ServerParts& parts_;
  Options options_;
  std::vector<std::unique_ptr<net::io_context>> contexts_;  // one per I/O thread
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running_;
  std::size_t next_ = 0;
  net::io_context& io_;  // the first context: accepting, signals and the shutdown run there
  tcp::acceptor acceptor_;
  net::signal_set signals_;
};

}  // namespace chatkit::server
