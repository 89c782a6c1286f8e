#pragma once
// POST /chatkit's streamed answer on the socket: the SSE response of a stream the edge prepared
// (server/http/edge.hpp), whose run is cancelled as soon as the client goes away (PROTOCOL.md §4.5).
#include "server/http/edge.hpp"

namespace chatkit::server {

// Runs the stream to its end and fills in the exchange (status, events, keep-alive, error).
awaitable<void> serve_stream(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                             StreamStart& start, Exchange& exchange);

}  // namespace chatkit::server
