#pragma once
// The AuthRequest of an HTTP request: the headers authentication reads, and who sent it.
#include "server/http/auth.hpp"
#include "server/http/exchange.hpp"

namespace chatkit::server {

// Views into `request` and `exchange`, which must outlive the result.
AuthRequest auth_request_of(const HttpRequest& request, const Exchange& exchange, const Authenticator& auth);

}  // namespace chatkit::server
