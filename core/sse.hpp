#pragma once
// Server-Sent Events. The encoder writes the protocol's framing exactly (docs/PROTOCOL.md §1.3):
// "data: <compact JSON>\n\n", nothing else. The decoder reads any SSE stream (ours, or an
// upstream model's): any chunk boundaries, LF / CRLF / CR line ends, comments, event:/id:/retry:
// fields, multi-line data, a leading BOM.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/events.hpp"
#include "core/result.hpp"

namespace chatkit {

// One frame: "data: " + json_text + "\n\n". json_text must hold no raw newline (compact JSON never does).
std::string sse_frame(std::string_view json_text);
std::string encode_sse(const ThreadStreamEvent& event);
// Appends the frame of `event` to `out`, encoded in place (the server reuses one buffer).
void append_sse(std::string& out, const ThreadStreamEvent& event);

struct SseMessage {
  std::string event;  // empty when the stream gave no `event:` field
  std::string data;   // data lines joined with "\n"
  std::string id;     // last `id:` seen (empty if none)
  bool operator==(const SseMessage&) const = default;
};

struct SseLimits {
  std::size_t max_line_bytes = 8u << 20;    // one line
  std::size_t max_event_bytes = 16u << 20;  // data of one event
};

class SseDecoder {
 public:
  explicit SseDecoder(SseLimits limits = {}) : limits_(limits) {}

  // Feeds the next chunk; returns the messages it completes. After an error the decoder stays
  // failed and refuses further input.
  Result<std::vector<SseMessage>> feed(std::string_view chunk);

  // End of input. A message that was started but not ended by a blank line is reported as a
  // truncated stream (the SSE standard discards it silently; we say so).
  Status finish();

 private:
  // Buffers the stream's first bytes until a BOM is ruled in (and dropped) or out; returns the
  // bytes to decode, or nothing while undecided.
  std::optional<std::string> take_bom(std::string_view chunk);
  Status take_line(std::string_view line, std::vector<SseMessage>& out);
  void dispatch(std::vector<SseMessage>& out);

  SseLimits limits_;
  std::string line_;          // partial line carried between chunks
  bool after_cr_ = false;     // the previous chunk ended in CR: a following LF belongs to it
  bool bom_checked_ = false;
  bool failed_ = false;
  bool has_data_ = false;     // a data field arrived in the current message
  bool in_message_ = false;   // any field arrived in the current message
  SseMessage pending_;
  std::string last_id_;
};

// Decodes a whole SSE text into protocol events (for the CLI and tests): every `data:` must hold
// one ThreadStreamEvent.
Result<std::vector<ThreadStreamEvent>> decode_sse_events(std::string_view text);

}  // namespace chatkit
