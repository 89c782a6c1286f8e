#pragma once
// --trust-user-header NAME: behind an authenticating proxy (Azure Container Apps' built-in auth,
// oauth2-proxy), the user is the header the proxy sets, believed only when the TCP peer is one of
// --trusted-proxies. Any other request authenticates as it would without the header.
#include <memory>
#include <string>

#include "server/http/auth.hpp"
#include "server/http/trusted_proxies.hpp"

namespace chatkit::server {

class TrustedHeaderAuthenticator final : public Authenticator {
 public:
  // `fallback` authenticates every other request; none: they are refused (never the local user).
  TrustedHeaderAuthenticator(std::string header_name, TrustedProxies proxies, std::unique_ptr<Authenticator> fallback);

  chatkit::Result<RequestContext> authenticate(const AuthRequest& request) const override;
  std::string_view user_header_name() const override { return header_name_; }

 private:
  std::string header_name_;
  TrustedProxies proxies_;
  std::unique_ptr<Authenticator> fallback_;
};

}  // namespace chatkit::server
