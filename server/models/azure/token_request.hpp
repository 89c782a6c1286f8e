#pragma once
// One request to a token endpoint and its answer read: the part every token source shares. An
// endpoint that cannot be reached is reported like a refusal, as bad_credentials.
#include <string>

#include "server/models/azure/token_source.hpp"
#include "server/models/http/http_client.hpp"

namespace chatkit::server {

// The timeouts and body limit of token requests (small JSON answers).
HttpRequest token_http_request(std::string method, std::string url);

// Throws ModelError(bad_credentials, "<kind>: ...").
awaitable<TokenGrant> request_token(HttpClient& http, HttpRequest request, std::string kind);

}  // namespace chatkit::server
