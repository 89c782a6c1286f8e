#pragma once
// The node stand-in for the cloud (tests/stand_ins/upstream.mjs), started once per test binary,
// its control API (over the blocking loopback client of the integration tests, so that the
// client under test never checks itself), and a helper that runs a coroutine to its end.
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <nlohmann/json.hpp>

#include "server/common/async.hpp"

namespace chatkit::testing {

using json = nlohmann::json;
class ServerProcess;

class StandIn {
 public:
  // The one stand-in of this test binary, started on first use.
  static StandIn& shared();

  std::uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string url(const std::string& path) const { return base_url() + path; }

  void reset();                             // POST /_reset
  void script(const json& responses);       // POST /_script (an array)
  void token_settings(const json& settings);  // POST /_token_settings
  json log();                               // GET /_log
  // Polls /_log until request `index` is marked aborted; false if it is not within `within`.
  bool wait_aborted(std::size_t index, std::chrono::milliseconds within = std::chrono::seconds(3));

 private:
  StandIn();
  ~StandIn();
  json control(const std::string& method, const std::string& target, const std::string& body);

  std::unique_ptr<ServerProcess> process_;
  std::uint16_t port_ = 0;
};

// A port on 127.0.0.1 where nothing listens (bound, then closed).
std::uint16_t closed_port();

// Runs `task` on `io` until it ends (at most `limit`), and returns its result or rethrows.
template <class T>
T run_coroutine(boost::asio::io_context& io, server::awaitable<T> task,
                std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.restart();
  io.run_for(limit);
  if (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    throw std::runtime_error("the coroutine did not end in time");
  }
  return future.get();
}

}  // namespace chatkit::testing
