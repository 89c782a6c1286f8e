#pragma once
// Parses a Chat Completions stream (`data: {chat.completion.chunk}` ... `data: [DONE]`) into
// ModelEvents: the text of choice 0 as one message, its tool calls once complete, the usage.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/models/openai/ids.hpp"
#include "server/models/openai/sse_json_reader.hpp"
#include "server/models/openai/stream_parser.hpp"

namespace chatkit::server {

class ChatStreamParser final : public StreamParser {
 public:
  explicit ChatStreamParser(IdSource ids);

  ParseStep feed(std::string_view bytes) override;
  ParseStep finish() override;

 private:
  // A tool call being assembled from fragments that share its `index`.
  struct PendingCall {
    std::string id;
    std::string name;
    std::string arguments;
  };

  void take_all(ReadStep read, ParseStep& step);
  void take(const UpstreamMessage& message, ParseStep& step);
  void take_choice(const nlohmann::json& choice, ParseStep& step);
  void take_text(const std::string& text, ParseStep& step);
  void take_call_fragment(const nlohmann::json& fragment);
  void take_finish_reason(const std::string& reason, ParseStep& step);
  void complete_answer(ParseStep& step);
  void emit_usage(ParseStep& step);

  SseJsonReader reader_;
  IdSource ids_;
  std::optional<std::string> message_id_;  // ours, once text has started
  std::string text_;
  std::map<int, PendingCall> calls_;  // by upstream index: emitted in index order
  std::optional<UsageReported> usage_;
  bool answer_complete_ = false;  // a finish_reason arrived: message and calls are emitted
  bool stream_done_ = false;      // `[DONE]` arrived
  bool failed_ = false;
};

}  // namespace chatkit::server
