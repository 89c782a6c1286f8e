#include "server/models/openai/stream_parser.hpp"

#include <utility>

namespace chatkit::server {

ParseStep StreamParser::feed(std::string_view bytes) {
  ParseStep step;
  if (failed_ || upstream_ended()) return step;
  take_all(reader_.feed(bytes), step);
  return step;
}

ParseStep StreamParser::finish() {
  ParseStep step;
  if (failed_ || upstream_ended()) return step;
  take_all(reader_.finish(), step);
  if (failed_ || upstream_ended() || complete_at_body_end(step)) return step;
  failed_ = true;
  step.error =
      ModelError(ModelFailure::unavailable, "the model provider's stream ended before the answer was complete");
  return step;
}

// The messages in order, up to the first failure or the upstream's end; the SSE layer's own
// failure comes after the messages it could still read.
void StreamParser::take_all(ReadStep read, ParseStep& step) {
  for (const auto& message : read.messages) {
    if (upstream_ended()) break;
    take(message, step);
    if (step.error) break;
  }
  if (!step.error && read.error) step.error = std::move(read.error);
  if (step.error) failed_ = true;
}

}  // namespace chatkit::server
