#include "server/models/openai/sse_json_reader.hpp"

#include <algorithm>
#include <array>

#include "core/json_io.hpp"

namespace chatkit::server {
namespace {

constexpr std::size_t kHeadBytes = 256;
constexpr std::size_t kQuoteBytes = 80;
constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::array<std::string_view, 5> kFieldStarts = {"data:", "event:", "id:", "retry:", ":"};

enum class Start { sse, not_sse, undecided };

// Whether the body opens like an event stream (after an optional BOM and blank lines).
Start classify_start(std::string_view head) {
  if (head.size() < kBom.size() && kBom.starts_with(head)) return Start::undecided;
  if (head.starts_with(kBom)) head.remove_prefix(kBom.size());
  while (!head.empty() && (head.front() == '\r' || head.front() == '\n')) head.remove_prefix(1);
  if (head.empty()) return Start::undecided;
  Start result = Start::not_sse;
  for (const auto field : kFieldStarts) {
    if (head.starts_with(field)) return Start::sse;
    if (field.starts_with(head)) result = Start::undecided;
  }
  return result;
}

ModelError malformed(std::string what, std::string_view bytes) {
  return ModelError(ModelFailure::malformed, what + ": '" + quote_upstream(bytes, kQuoteBytes) + "'");
}

std::size_t utf8_cut(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() <= max_bytes) return bytes.size();
  std::size_t cut = max_bytes;
  // Step back over continuation bytes so that no character is split.
  while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

std::string quote_upstream(std::string_view bytes, std::size_t max_bytes) {
  const std::size_t cut = utf8_cut(bytes, max_bytes);
  std::string out;
  for (const char c : bytes.substr(0, cut)) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out += '?';
    } else {
      out += c;
    }
  }
  if (cut < bytes.size()) out += "...";
  return out;
}

ReadStep SseJsonReader::feed(std::string_view bytes) {
  ReadStep step;
  if (failed_) return step;
  head_.append(bytes.substr(0, kHeadBytes - std::min(head_.size(), kHeadBytes)));
  if (auto error = check_start(false)) {
    step.error = std::move(error);
    return step;
  }
  if (not_sse_) return step;
  auto decoded = decoder_.feed(bytes);
  if (!decoded) {
    failed_ = true;
    step.error = ModelError(ModelFailure::malformed, "the model provider's event stream is broken: " + decoded.error().message);
    return step;
  }
  for (auto& message : *decoded) {
    if (auto error = take(std::move(message), step.messages)) {
      step.error = std::move(error);
      break;
    }
  }
  return step;
}

ReadStep SseJsonReader::finish() {
  ReadStep step;
  if (failed_) return step;
  if (auto error = check_start(true)) {
    step.error = std::move(error);
    return step;
  }
  // A last message not closed by a blank line still counts when it is whole (some servers end
  // with "data: [DONE]\n"); one cut in the middle fails to parse and is dropped: the parser then
  // reports the stream as cut, which is what happened.
  auto flushed = decoder_.feed("\n\n");
  if (!flushed) return step;
  for (auto& message : *flushed) {
    if (take(std::move(message), step.messages)) break;
  }
  failed_ = true;
  return step;
}

std::optional<ModelError> SseJsonReader::check_start(bool at_end) {
  if (start_checked_) return std::nullopt;
  switch (classify_start(head_)) {
    case Start::sse: start_checked_ = true; return std::nullopt;
    case Start::undecided: return std::nullopt;
    case Start::not_sse: break;
  }
  // Not an event stream. Wait for enough bytes to quote, so that the message does not depend on
  // how the bytes happened to be chunked.
  not_sse_ = true;
  if (!at_end && head_.size() <= kQuoteBytes) return std::nullopt;
  failed_ = true;
  return malformed("the model provider did not answer with an event stream", head_);
}

std::optional<ModelError> SseJsonReader::take(SseMessage message, std::vector<UpstreamMessage>& out) {
  if (message.data.empty()) return std::nullopt;  // keep-alive
  if (message.data == "[DONE]") {
    out.push_back(UpstreamMessage{.event = std::move(message.event), .data = nullptr, .done_marker = true});
    return std::nullopt;
  }
  auto parsed = parse_json(message.data);
  if (!parsed || !parsed->is_object()) {
    failed_ = true;
    return malformed("the model provider sent an event that is not a JSON object", message.data);
  }
  out.push_back(UpstreamMessage{.event = std::move(message.event), .data = std::move(*parsed), .done_marker = false});
  return std::nullopt;
}

}  // namespace chatkit::server
