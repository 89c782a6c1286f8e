#include "core/sse.hpp"

namespace chatkit {

std::string sse_frame(std::string_view json_text) {
  std::string frame;
  frame.reserve(json_text.size() + 8);
  frame += "data: ";
  frame += json_text;
  frame += "\n\n";
  return frame;
}

std::string encode_sse(const ThreadStreamEvent& event) {
  std::string frame;
  frame.reserve(256);
  append_sse(frame, event);
  return frame;
}

void append_sse(std::string& out, const ThreadStreamEvent& event) {
  out += "data: ";
  append_event_text(out, event);
  out += "\n\n";
}

Result<std::vector<SseMessage>> SseDecoder::feed(std::string_view chunk) {
  if (failed_) return make_error(ErrorCode::invalid_event, "SSE decoder already failed; no further input accepted");
  if (!bom_checked_ && !chunk.empty()) {
    auto start = take_bom(chunk);
    if (!start) return std::vector<SseMessage>{};  // still inside a possible BOM
    return feed(*start);
  }
  std::vector<SseMessage> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    const char c = chunk[i];
    if (c != '\n' && c != '\r') continue;
    if (c == '\n' && after_cr_ && i == 0) {
      after_cr_ = false;  // the LF of a CRLF split across chunks
      start = i + 1;
      continue;
    }
    line_.append(chunk.substr(start, i - start));
    if (auto status = take_line(line_, out); !status) {
      failed_ = true;
      return status.error();
    }
    line_.clear();
    const bool crlf = c == '\r' && i + 1 < chunk.size() && chunk[i + 1] == '\n';
    if (crlf) ++i;
    after_cr_ = c == '\r' && !crlf && i + 1 == chunk.size();
    start = i + 1;
  }
  if (start < chunk.size()) after_cr_ = false;
  line_.append(chunk.substr(start));
  if (line_.size() > limits_.max_line_bytes) {
    failed_ = true;
    return make_error(ErrorCode::invalid_event,
                      "SSE line longer than " + std::to_string(limits_.max_line_bytes) + " bytes");
  }
  return out;
}

std::optional<std::string> SseDecoder::take_bom(std::string_view chunk) {
  // A UTF-8 BOM may open the stream; it can be split across chunks, so wait for 3 bytes.
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  line_ += chunk;
  if (line_.size() < kBom.size() && kBom.starts_with(line_)) return std::nullopt;
  bom_checked_ = true;
  if (line_.starts_with(kBom)) line_.erase(0, kBom.size());
  std::string start = std::move(line_);
  line_.clear();
  return start;
}

Status SseDecoder::take_line(std::string_view line, std::vector<SseMessage>& out) {
  if (line.size() > limits_.max_line_bytes) {
    return make_error(ErrorCode::invalid_event, "SSE line longer than " + std::to_string(limits_.max_line_bytes) + " bytes");
  }
  if (line.empty()) {
    dispatch(out);
    return ok_status();
  }
  if (line.front() == ':') return ok_status();  // comment / heartbeat
  const auto colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
  if (value.starts_with(' ')) value.remove_prefix(1);
  in_message_ = true;
  if (field == "data") {
    if (pending_.data.size() + value.size() + 1 > limits_.max_event_bytes) {
      return make_error(ErrorCode::invalid_event,
                        "SSE event data larger than " + std::to_string(limits_.max_event_bytes) + " bytes");
    }
    if (has_data_) pending_.data += '\n';
    pending_.data += value;
    has_data_ = true;
  } else if (field == "event") {
    pending_.event = value;
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_ = value;
  }
  // `retry:` and unknown fields are ignored, as the SSE standard says.
  return ok_status();
}

void SseDecoder::dispatch(std::vector<SseMessage>& out) {
  // Per the SSE standard, a message without data is not dispatched (but its id is kept).
  if (has_data_) {
    pending_.id = last_id_;
    out.push_back(std::move(pending_));
  }
  pending_ = SseMessage{};
  has_data_ = false;
  in_message_ = false;
}

Status SseDecoder::finish() {
  if (failed_) return make_error(ErrorCode::invalid_event, "SSE decoder already failed");
  if (!line_.empty() || in_message_) {
    failed_ = true;
    return make_error(ErrorCode::invalid_event, "SSE stream truncated: the last event was not terminated by a blank line");
  }
  return ok_status();
}

Result<std::vector<ThreadStreamEvent>> decode_sse_events(std::string_view text) {
  SseDecoder decoder;
  auto messages = decoder.feed(text);
  if (!messages) return messages.error();
  if (auto end = decoder.finish(); !end) return end.error();
  std::vector<ThreadStreamEvent> events;
  events.reserve(messages->size());
  for (std::size_t i = 0; i < messages->size(); ++i) {
    auto event = parse_event((*messages)[i].data);
    if (!event) {
      Error error = event.error();
      error.message = "event " + std::to_string(i) + ": " + error.message;
      return error;
    }
    events.push_back(std::move(*event));
  }
  return events;
}

}  // namespace chatkit
