#pragma once
// The SSE layer of both OpenAI stream formats: bytes -> messages whose data is JSON (or the
// `[DONE]` sentinel). Refuses, as ModelError(malformed) quoting what arrived, a body that is not
// an event stream at all (an HTML error page, a plain JSON answer) and data that is not JSON.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sse.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

struct UpstreamMessage {
  std::string event;    // the `event:` field, empty when absent
  nlohmann::json data;  // null for the `[DONE]` sentinel
  bool done_marker = false;
};

struct ReadStep {
  std::vector<UpstreamMessage> messages;
  std::optional<ModelError> error;
};

class SseJsonReader {
 public:
  ReadStep feed(std::string_view bytes);
  // End of the body: a last message not closed by a blank line, or an error when the body was not
  // an event stream at all. A message cut in the middle is dropped (the parser reports the cut).
  ReadStep finish();

  // Whether the upstream sent nothing at all, for "ended before the answer was complete".
  bool received_nothing() const { return head_.empty(); }

 private:
  std::optional<ModelError> check_start(bool at_end);
  std::optional<ModelError> take(SseMessage message, std::vector<UpstreamMessage>& out);

  SseDecoder decoder_;
  std::string head_;           // the first bytes, to recognise and quote the body
  bool start_checked_ = false;
  bool not_sse_ = false;  // refused once enough of it arrived to quote
  bool failed_ = false;
};

// A short, printable quote of upstream bytes for error messages: at most `max_bytes`, cut on a
// UTF-8 boundary, control characters escaped.
std::string quote_upstream(std::string_view bytes, std::size_t max_bytes = 80);

}  // namespace chatkit::server
