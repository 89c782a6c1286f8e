#pragma once
// What the upstream stream parsers share: bytes in (any chunking), ModelEvents out. Pure: no I/O,
// no clock. A failure comes after the events that preceded it in the same bytes, so that text
// already received is never lost.
//
// The skeleton lives here once: the SSE layer (SseJsonReader), stopping at the first failure or
// at the upstream's own end, and "the body ended before the answer" as the same error for both
// formats. A format supplies only how one message is read and what a body end without its end
// marker still completes.
#include <optional>
#include <string_view>
#include <vector>

#include "server/models/model.hpp"
#include "server/models/openai/sse_json_reader.hpp"

namespace chatkit::server {

struct ParseStep {
  std::vector<ModelEvent> events;
  std::optional<ModelError> error;  // once set, the parser is done
};

class StreamParser {
 public:
  virtual ~StreamParser() = default;
  // The next bytes of the response body.
  ParseStep feed(std::string_view bytes);
  // The body ended: completes the answer, or reports that it was cut short.
  ParseStep finish();

 protected:
  // One message of the stream; a failure goes into step.error.
  virtual void take(const UpstreamMessage& message, ParseStep& step) = 0;
  // The upstream said the stream is over: nothing after it is read.
  virtual bool upstream_ended() const = 0;
  // The body ended without the upstream's end: true when the answer is whole all the same (what
  // it still has to say goes into step), false when it was cut short.
  virtual bool complete_at_body_end(ParseStep& /*step*/) { return false; }

 private:
  void take_all(ReadStep read, ParseStep& step);

  SseJsonReader reader_;
  bool failed_ = false;
};

}  // namespace chatkit::server
