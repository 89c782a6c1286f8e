#pragma once
// One request and its answer, as the session sees it: what was asked, what was answered, and
// whether the connection can carry another request.
#include <chrono>
#include <cstddef>
#include <string>

#include "server/http/net.hpp"
#include "server/http/reply.hpp"

namespace chatkit::server {

using HttpRequest = http::request<http::string_body>;

struct Exchange {
  std::string request_type;   // "threads.create", "static", "healthz", ... ("invalid" when unparsable)
  std::string user_id;        // empty until authenticated
  int status = 0;
  std::size_t events_sent = 0;
  std::string error_code;     // the wire code of the error answered, if any
  bool keep_alive = true;     // false once the connection must close after this answer
  std::string peer_address;   // the TCP peer's IP, for --trusted-proxies
};

// Writes a complete reply within `timeout` (HttpLimits::write_timeout). False when the client is
// gone or stopped reading.
awaitable<bool> write_reply(beast::tcp_stream& stream, const Reply& reply, const HttpRequest& request,
                            Exchange& exchange, std::chrono::seconds timeout);

// After an answer to a request whose body was not read to its end: our side is shut, and what the
// client still sends is dropped for a moment (at most 1 MiB or 2 s) before the socket closes.
awaitable<void> drain_before_close(beast::tcp_stream& stream);

}  // namespace chatkit::server
