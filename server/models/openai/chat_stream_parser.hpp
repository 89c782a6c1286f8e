#pragma once
// Parses a Chat Completions stream (`data: {chat.completion.chunk}` ... `data: [DONE]`) into
// ModelEvents: the text of choice 0 as one message, its tool calls once complete, the usage.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/models/openai/ids.hpp"
#include "server/models/openai/stream_parser.hpp"

namespace chatkit::server {

class ChatStreamParser final : public StreamParser {
 public:
  explicit ChatStreamParser(IdSource ids);

 private:
  // A tool call being assembled from fragments that share its `index`.
  struct PendingCall {
    std::string id;
    std::string name;
    std::string arguments;
  };

  void take(const UpstreamMessage& message, ParseStep& step) override;
  bool upstream_ended() const override { return stream_done_; }
  bool complete_at_body_end(ParseStep& step) override;
  void take_choice(const nlohmann::json& choice, ParseStep& step);
  void take_text(const std::string& text, ParseStep& step);
  void take_call_fragment(const nlohmann::json& fragment);
  void take_finish_reason(const std::string& reason, ParseStep& step);
  void complete_answer(ParseStep& step);
  void emit_usage(ParseStep& step);

  IdSource ids_;
  std::optional<std::string> message_id_;  // ours, once text has started
  std::string text_;
  std::map<int, PendingCall> calls_;  // by upstream index: emitted in index order
  std::optional<UsageReported> usage_;
  bool answer_complete_ = false;  // a finish_reason arrived: message and calls are emitted
  bool stream_done_ = false;      // `[DONE]` arrived
};

}  // namespace chatkit::server
