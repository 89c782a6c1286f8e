#pragma once
// --trusted-proxies: the addresses (IPs and CIDRs, IPv4 and IPv6) whose requests may name their
// user in the --trust-user-header header, because an authenticating proxy set it.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace chatkit::server {

class TrustedProxies {
 public:
  // A comma-separated list ("10.0.0.0/8, 127.0.0.1, fd00::/8"), or invalid_request naming the bad entry.
  static chatkit::Result<TrustedProxies> parse(std::string_view list);
  // Whether a peer address ("10.1.2.3", "::1", "::ffff:10.1.2.3") is in one of the networks.
  bool contains(std::string_view address) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix = 128;
  };
  std::vector<Network> networks_;
};

}  // namespace chatkit::server
