#pragma once
// An upload's body on the socket (docs/PROTOCOL.md §2.15): the session has read the head; this
// checks it (server/http/upload_edge.hpp), then reads the body a piece at a time into the upload,
// never holding more of it than one read, and writes the answer. A body refused halfway ends the
// connection after the answer, since its rest is never read. On PostgreSQL the checks of the head
// (a signed link reads its pending record) and the finish (which writes the record) run on a
// store worker, as every store call does: the I/O thread only moves bytes.
#include <cstddef>

#include "server/http/exchange.hpp"
#include "server/http/request_deadline.hpp"
#include "server/http/request_reader.hpp"
#include "server/http/server_parts.hpp"

namespace chatkit::server {

// The largest body an upload may have with these parts (RequestReader's max_upload_bytes).
std::size_t max_upload_body(const ServerParts& parts);

// `reader` is at header_ready with an upload's head. Fills in the exchange.
awaitable<void> serve_upload(beast::tcp_stream& stream, beast::flat_buffer& buffer, RequestReader& reader,
                             ServerParts& parts, Exchange& exchange, RequestDeadline& deadline);

}  // namespace chatkit::server
