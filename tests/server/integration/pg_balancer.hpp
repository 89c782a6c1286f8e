#pragma once
// Several chatkit-server processes on one PostgreSQL (the fixture's), and a real nginx in front of
// them balancing round robin with no stickiness: what the multi-instance suites start.
#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.hpp"

namespace chatkit::testing {

// A fresh directory under the temp dir that nginx's workers can read (they run as another user
// when the tests run as root).
std::filesystem::path make_shared_temp_dir(const std::string& tag);
// A loopback port nothing listens on now.
std::uint16_t free_port();
// The fixture's keyword string as a postgresql:// URI (socket directory in ?host=), with a password.
std::string postgres_uri(const std::string& keywords, std::string_view password);
// nginx.conf for `prefix`: listen on `listen`, proxy to `upstreams` round robin, unbuffered (SSE).
std::string balancer_conf(const std::filesystem::path& prefix, std::uint16_t listen,
                          const std::vector<std::uint16_t>& upstreams);

// {"type": type, "params": params}, and the input of a user message of `text`.
nlohmann::json protocol_request(const std::string& type, nlohmann::json params);
nlohmann::json text_input(const std::string& text);

// nginx on `port` in front of `upstreams`; stopped (SIGQUIT to its master) when destroyed.
class Balancer {
 public:
  Balancer(const std::filesystem::path& dir, const std::vector<std::uint16_t>& upstreams);
  ~Balancer();
  std::uint16_t port() const { return port_; }

 private:
  std::uint16_t port_ = 0;
  std::unique_ptr<ServerProcess> nginx_;
};

}  // namespace chatkit::testing
