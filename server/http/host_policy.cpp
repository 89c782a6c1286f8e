#include "server/http/host_policy.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"

namespace chatkit::server {

namespace {

constexpr std::array<std::string_view, 3> kLoopbackNames{"localhost", "127.0.0.1", "[::1]"};

bool all_digits(std::string_view text) {
  return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

// RFC 3986 reg-name / IPv4 characters (no userinfo, no percent-encoding: a Host never needs them).
bool plain_name(std::string_view name) {
  return !name.empty() && std::ranges::all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
  });
}

bool ipv6_literal(std::string_view name) {
  return name.size() > 2 && name.front() == '[' && name.back() == ']' &&
         std::ranges::all_of(name.substr(1, name.size() - 2), [](char c) {
           return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9') || c == ':' || c == '.';
         });
}

}  // namespace

std::string host_name_of(std::string_view host_header) {
  const std::string value = ascii_lowercase(trim(host_header));
  std::string_view name = value;
  const auto colon = name.rfind(':');
  const auto bracket = name.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    if (!all_digits(name.substr(colon + 1))) return {};
    name = name.substr(0, colon);
  }
  if (name.ends_with('.')) name.remove_suffix(1);  // "localhost." names the same host
  if (!plain_name(name) && !ipv6_literal(name)) return {};
  return std::string(name);
}

Result<HostPolicy> HostPolicy::parse(std::string_view allowed, Authentication authentication) {
  HostPolicy policy;
  policy.loopback_only_ = authentication == Authentication::none;
  while (!allowed.empty()) {
    const auto comma = allowed.find(',');
    const std::string_view entry = trim(allowed.substr(0, comma));
    allowed = comma == std::string_view::npos ? std::string_view{} : allowed.substr(comma + 1);
    if (entry.empty()) continue;
    if (entry == "*") {
      policy.any_ = true;
    } else if (entry.starts_with('.') && plain_name(ascii_lowercase(entry.substr(1)))) {
      policy.domains_.push_back(ascii_lowercase(entry));
    } else if (const auto name = host_name_of(entry); !name.empty() && name == ascii_lowercase(entry)) {
      policy.names_.push_back(name);
    } else {
      return make_error(ErrorCode::invalid_request, "'" + clip(entry, 60) +
                                                        "' is not a host name, .domain or * (no port, no scheme)");
    }
  }
  return policy;
}

bool HostPolicy::allows_name(std::string_view name) const {
  if (any_) return true;
  if (std::ranges::find(kLoopbackNames, name) != kLoopbackNames.end()) return true;
  if (std::ranges::find(names_, name) != names_.end()) return true;
  return std::ranges::any_of(domains_, [&](const std::string& domain) {
    return name == std::string_view(domain).substr(1) || name.ends_with(domain);
  });
}

std::optional<Error> HostPolicy::check(std::string_view host_header) const {
  // With tokens and no list, every host is answered (the token is what protects the threads).
  if (!loopback_only_ && !any_ && names_.empty() && domains_.empty()) return std::nullopt;
  const std::string name = host_name_of(host_header);
  if (!name.empty() && allows_name(name)) return std::nullopt;
  return make_error(ErrorCode::forbidden, "host '" + clip(host_header, 80) + "' is not served here (see --allowed-hosts)");
}

}  // namespace chatkit::server
