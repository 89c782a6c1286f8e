#pragma once
// LISTEN on one PostgreSQL channel, on a thread and a connection of its own (a listening
// connection cannot serve the pool): every NOTIFY payload is handed to `on_payload`, on that thread.
// A lost connection is opened again after a second; stopped (and joined) when destroyed.
#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "server/store/postgres/pg_connection.hpp"

namespace chatkit::server::pg {

class Listener {
 public:
  using OnPayload = std::function<void(const std::string& payload)>;
  // `channel` is a constant of the caller's (an identifier), never user input.
  Listener(ConnectionOptions options, std::string channel, OnPayload on_payload);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

 private:
  void listen_until_stopped();

  ConnectionOptions options_;
  std::string channel_;
  OnPayload on_payload_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace chatkit::server::pg
