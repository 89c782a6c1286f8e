#include "server/http/auth_request.hpp"

namespace chatkit::server {

AuthRequest auth_request_of(const HttpRequest& request, const Exchange& exchange, const Authenticator& auth) {
  const auto field = [&](auto name) {
    const auto it = request.find(name);
    return it == request.end() ? std::string_view{} : std::string_view(it->value());
  };
  const std::string_view user_header = auth.user_header_name();
  return {.authorization = field(http::field::authorization),
          .accept_language = field(http::field::accept_language),
          .peer_address = exchange.peer_address,
          .user_header = user_header.empty() ? std::string_view{} : field(user_header)};
}

}  // namespace chatkit::server
