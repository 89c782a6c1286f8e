#pragma once
// The SSE side of runs (docs/PROTOCOL.md §4.7) on a socket: POST /chatkit's streamed answer starts
// the stream the edge prepared (server/http/edge.hpp) as a run and follows it from its first
// event; GET /chatkit/runs/{id}/events follows a run from where the client left it. A reader that
// goes away detaches; the run itself is cancelled only when no reader comes back within the
// detach grace (0: at once, §4.5).
#include "server/http/edge.hpp"

namespace chatkit::server {

// Starts the run, follows it to its end and fills in the exchange (status, events, keep-alive, error).
awaitable<void> serve_stream(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                             StreamStart& start, Exchange& exchange);

// Follows a run from the event after `follow.after` to its end.
awaitable<void> serve_run_events(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                                 RunFollow& follow, Exchange& exchange);
// The same for another instance's run, read from the ledger every 50 ms; 404 when the ledger has
// no such run of this user.
awaitable<void> serve_remote_run_events(beast::tcp_stream& stream, const HttpRequest& request, ServerParts& parts,
                                        RemoteRunFollow& follow, Exchange& exchange);

}  // namespace chatkit::server
