#pragma once
// Which Host headers the server answers. Without bearer tokens every request acts as the one
// local user, so a page on another site whose name the attacker re-points at 127.0.0.1 (DNS
// rebinding) would be same-origin with us and could read every thread: in that mode only the
// loopback names are answered (localhost, 127.0.0.1, [::1], any port), plus --allowed-hosts.
// With tokens any host is answered unless --allowed-hosts lists some.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace chatkit::server {

// Whether requests must carry a token (--auth-tokens): a server without tokens is for this machine.
enum class Authentication { none, tokens };

class HostPolicy {
 public:
  // The default: loopback names only.
  HostPolicy() = default;
  // `allowed`: comma-separated host names (any port), `.example.com` for a domain and its
  // subdomains, or `*` for any host. Without tokens only loopback names and the list are answered;
  // with tokens an empty list answers any host.
  static Result<HostPolicy> parse(std::string_view allowed, Authentication authentication);

  // Why a request with this Host header is not answered; nullopt when it is.
  std::optional<Error> check(std::string_view host_header) const;

 private:
  bool allows_name(std::string_view name) const;

  bool loopback_only_ = true;
  bool any_ = false;
  std::vector<std::string> names_;    // exact, lower-case
  std::vector<std::string> domains_;  // ".example.com": the domain and every subdomain
};

// The host name of a Host header value, lower-cased, without the port: "[::1]:8000" → "[::1]".
// Empty when the value is not a host[:port].
std::string host_name_of(std::string_view host_header);

}  // namespace chatkit::server
