#pragma once
// The pluggable authenticator: turns a request's headers into the RequestContext every store call
// receives, or refuses the request (401).
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "server/store/context.hpp"

namespace chatkit::server {

// The headers authentication looks at, as received.
struct AuthRequest {
  std::string_view authorization;    // raw Authorization header, may be empty
  std::string_view accept_language;  // raw Accept-Language header, may be empty
  std::string_view peer_address;     // the TCP peer's IP ("10.0.0.4", "::1"), may be empty
  std::string_view user_header;      // the Authenticator::user_header_name() header, may be empty
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The request's context, or unauthorized (401) with a message saying what is wrong.
  virtual chatkit::Result<RequestContext> authenticate(const AuthRequest& request) const = 0;
  // The header that may name the user (--trust-user-header), "" when none is read.
  virtual std::string_view user_header_name() const { return {}; }
};

// One local user for running on a laptop: every request is user "local".
class LocalUserAuthenticator final : public Authenticator {
 public:
  static constexpr std::string_view kUserId = "local";
  chatkit::Result<RequestContext> authenticate(const AuthRequest& request) const override;
};

// Bearer tokens from a file of lines "TOKEN USER_ID" (blank lines and # comments allowed).
class TokenFileAuthenticator final : public Authenticator {
 public:
  // Errors name file:line; a token is never echoed.
  static chatkit::Result<std::unique_ptr<TokenFileAuthenticator>> load(const std::string& path);
  static chatkit::Result<std::unique_ptr<TokenFileAuthenticator>> parse(std::string_view text,
                                                                        std::string_view source_name);

  chatkit::Result<RequestContext> authenticate(const AuthRequest& request) const override;

 private:
  struct Entry {
    std::string token;
    std::string user_id;
  };
  explicit TokenFileAuthenticator(std::vector<Entry> entries) : entries_(std::move(entries)) {}

  std::vector<Entry> entries_;
};

// The token of "Authorization: Bearer <token>" (the scheme is case-insensitive), or unauthorized.
chatkit::Result<std::string_view> bearer_token(std::string_view header);

// The first language tag of an Accept-Language header ("fr-CA,fr;q=0.9" -> "fr-CA"), highest q
// wins; "" when none/invalid.
std::string locale_from_accept_language(std::string_view header);

}  // namespace chatkit::server
