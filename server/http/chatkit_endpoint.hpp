#pragma once
// POST /chatkit: authenticate, parse, then answer with JSON or with an SSE stream whose run is
// cancelled as soon as the client goes away (PROTOCOL.md §4.5).
#include "server/http/exchange.hpp"
#include "server/http/server_parts.hpp"

namespace chatkit::server {

awaitable<void> serve_chatkit(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                              Exchange& exchange);

// CORS headers for an answer to this request (empty when CORS is off or the origin not allowed).
HeaderList cors_headers(const HttpRequest& request, const CorsPolicy& cors);

}  // namespace chatkit::server
