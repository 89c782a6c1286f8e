#pragma once
// Accepts connections and starts a session for each, on the I/O thread that `pick` names.
#include <functional>

#include "server/http/net.hpp"
#include "server/http/server_parts.hpp"

namespace chatkit::server {

// Binds and listens; errors name the step that failed ("bind 127.0.0.1:80: Permission denied").
Result<tcp::acceptor> open_acceptor(net::io_context& io, const std::string& host, std::uint16_t port);

// Runs until the acceptor is closed. `pick` gives the context of each new connection.
awaitable<void> accept_loop(tcp::acceptor& acceptor, ServerParts& parts, std::function<net::io_context&()> pick);

}  // namespace chatkit::server
