#pragma once
// The run routes of the HTTP edge (docs/PROTOCOL.md §4.7): GET /chatkit/runs/{id}/events
// reattaches to a run's stream, from the event after `Last-Event-ID: RUN:SEQ` (or `?after=SEQ`);
// POST /chatkit/runs/{id}/cancel stops it. Both authenticate like POST /chatkit, and a run is
// found only for the user who owns its thread: to anyone else it does not exist (404).
#include <cstddef>
#include <string_view>

#include "core/result.hpp"
#include "server/http/edge.hpp"
#include "server/http/router.hpp"

namespace chatkit::server {

EdgeAnswer run_answer(const HttpRequest& request, const Route& route, ServerParts& parts, Exchange& exchange);

// Where a reader resumes: `Last-Event-ID` ("RUN:SEQ", RUN being this run) wins over the query's
// `after=SEQ`; neither: 0, the start. invalid_request for anything else.
Result<std::size_t> resume_position(std::string_view run_id, std::string_view last_event_id, std::string_view query);

}  // namespace chatkit::server
