#pragma once
// The open connections, so that SIGTERM can close the idle ones at once, let busy ones finish
// their response, and close whatever is left when the grace period is over.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "server/http/net.hpp"

namespace chatkit::server {

class Connections;

// One connection's entry; the session owns it and removes itself by destroying it.
// Which connections a close reaches: the idle ones (graceful shutdown) or all.
enum class CloseWhich { idle, all };

class ConnectionHandle {
 public:
  ConnectionHandle(Connections& owner, std::uint64_t id, beast::tcp_stream& stream);
  ~ConnectionHandle();
  ConnectionHandle(const ConnectionHandle&) = delete;
  ConnectionHandle& operator=(const ConnectionHandle&) = delete;

  // Busy from the first byte of a request until its response is written (or its stream ends).
  void mark_busy() { busy_ = true; }
  void mark_idle() { busy_ = false; }

 private:
  friend class Connections;
  void close_on_own_thread(CloseWhich which);

  Connections& owner_;
  std::uint64_t id_;
  beast::tcp_stream& stream_;  // touched only on the connection's I/O thread
  net::any_io_executor executor_;  // the connection's executor, copied so other threads never touch stream_
  bool busy_ = false;  // only touched on the connection's I/O thread
};

class Connections {
 public:
  std::shared_ptr<ConnectionHandle> add(beast::tcp_stream& stream);
  // SIGTERM: no more keep-alive; connections waiting for a request are closed now.
  void begin_shutdown();
  // The grace period is over: every connection is closed (running streams are cancelled).
  void close_all();
  bool stopping() const { return stopping_.load(std::memory_order_relaxed); }
  std::size_t size() const;

 private:
  friend class ConnectionHandle;
  void remove(std::uint64_t id);
  void close_each(CloseWhich which);

  mutable std::mutex mutex_;
  std::map<std::uint64_t, std::weak_ptr<ConnectionHandle>> open_;
  std::uint64_t next_id_ = 0;
  std::atomic<bool> stopping_{false};
};

}  // namespace chatkit::server
