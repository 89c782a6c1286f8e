#pragma once
// Streams a text answer as one message, the Responses-shaped sequence of ModelEvents: message
// started, part started, one delta per piece, part done, message done. For the models that make
// their text up themselves (offline, bench); the pieces add up to the message's text.
#include <chrono>
#include <string>
#include <vector>

#include "server/models/model.hpp"

namespace chatkit::server {

struct TextStreamOptions {
  // Waited before each delta, so that streaming is visible; cancellation aborts the wait at once.
  std::chrono::milliseconds delay{0};
};

awaitable<void> stream_text_message(std::vector<std::string> pieces, TextStreamOptions options, ModelEventSink& sink);

}  // namespace chatkit::server
