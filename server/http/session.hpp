#pragma once
// One HTTP connection: reads requests (keep-alive, with size limits and timeouts), routes each
// one, writes its answer, and logs one line per request.
#include "server/http/net.hpp"
#include "server/http/server_parts.hpp"

namespace chatkit::server {

awaitable<void> run_session(tcp::socket socket, ServerParts& parts);

}  // namespace chatkit::server
