#pragma once
// What the upstream stream parsers share: bytes in (any chunking), ModelEvents out. Pure: no I/O,
// no clock. A failure comes after the events that preceded it in the same bytes, so that text
// already received is never lost.
#include <optional>
#include <string_view>
#include <vector>

#include "server/models/model.hpp"

namespace chatkit::server {

struct ParseStep {
  std::vector<ModelEvent> events;
  std::optional<ModelError> error;  // once set, the parser is done
};

class StreamParser {
 public:
  virtual ~StreamParser() = default;
  // The next bytes of the response body.
  virtual ParseStep feed(std::string_view bytes) = 0;
  // The body ended: completes the answer, or reports that it was cut short.
  virtual ParseStep finish() = 0;
};

}  // namespace chatkit::server
