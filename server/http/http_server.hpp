#pragma once
// The HTTP server's life: listen, run the I/O threads, and stop gracefully on SIGTERM/SIGINT
// (stop accepting, close idle connections, let running streams finish within the grace period,
// then close the rest, whose runs are cancelled and persisted as §4.5 says).
#include <chrono>
#include <memory>
#include <string>

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

  ServerParts& parts_;
  Options options_;
  net::io_context io_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
};

}  // namespace chatkit::server
