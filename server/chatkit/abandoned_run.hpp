#pragma once
// A run whose instance died mid-answer (docs/PROTOCOL.md §4.7): another instance replays its event
// log through core's reducer and keeps what §4.5 keeps on a cancel, so the thread reads as if
// the answer had been stopped there. Writes nothing the dead instance had stored already (items
// with their `done`), so taking a run over twice or after its end adds no duplicate.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "server/store/store.hpp"

namespace chatkit::server {

// `frames` is the run's SSE log as it was sent. A thread deleted meanwhile is no failure.
Status persist_abandoned_answer(Store& store, const std::string& thread_id, const RequestContext& context,
                                std::string_view frames);

}  // namespace chatkit::server
