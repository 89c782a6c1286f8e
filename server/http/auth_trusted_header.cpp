#include "server/http/auth_trusted_header.hpp"

#include <algorithm>

namespace chatkit::server {

TrustedHeaderAuthenticator::TrustedHeaderAuthenticator(std::string header_name, TrustedProxies proxies,
                                                       std::unique_ptr<Authenticator> fallback)
    : header_name_(std::move(header_name)), proxies_(std::move(proxies)), fallback_(std::move(fallback)) {}

Result<RequestContext> TrustedHeaderAuthenticator::authenticate(const AuthRequest& request) const {
  // From anyone but a trusted proxy the header is just text a client made up: ignore it.
  if (request.user_header.empty() || !proxies_.contains(request.peer_address)) {
    if (fallback_) return fallback_->authenticate(request);
    return make_error(ErrorCode::unauthorized, "sign in through the authenticating proxy (no " + header_name_ + " from it)");
  }
  const std::string_view user = request.user_header;
  if (user.size() > 256 || !std::ranges::all_of(user, [](char c) { return c > ' ' && c < 0x7f; })) {
    return make_error(ErrorCode::unauthorized, header_name_ + " must be a printable user id of at most 256 bytes");
  }
  return RequestContext{.user_id = std::string(user), .locale = locale_from_accept_language(request.accept_language)};
}

}  // namespace chatkit::server
