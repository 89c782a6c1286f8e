#pragma once
// Parses a Responses API stream (typed events; `event:` lines optional, the JSON `type` decides)
// into ModelEvents: each message output item as a message of ours, each function_call item as a
// tool call once its item is done, the usage from response.completed.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/models/openai/ids.hpp"
#include "server/models/openai/stream_parser.hpp"

namespace chatkit::server {

class ResponsesStreamParser final : public StreamParser {
 public:
  explicit ResponsesStreamParser(IdSource ids);

 private:
  struct Part {
    int index = 0;  // ours: text parts numbered from 0, whatever the upstream's numbering
    std::string text;
    bool done = false;
  };
  struct Message {
    std::string id;  // ours, never the upstream item id
    std::map<int, Part> parts;  // by upstream content_index
  };
  struct Call {
    std::string call_id;
    std::string name;
    std::string arguments;
  };
  using Handler = void (ResponsesStreamParser::*)(const nlohmann::json&, ParseStep&);

  void take(const UpstreamMessage& message, ParseStep& step) override;
  bool upstream_ended() const override { return completed_; }
  void take_event(const nlohmann::json& event, ParseStep& step);
  void on_item_added(const nlohmann::json& event, ParseStep& step);
  void on_part_added(const nlohmann::json& event, ParseStep& step);
  void on_text_delta(const nlohmann::json& event, ParseStep& step);
  void on_part_done(const nlohmann::json& event, ParseStep& step);
  void on_item_done(const nlohmann::json& event, ParseStep& step);
  void on_message_done(const std::string& key, const nlohmann::json& item, ParseStep& step);
  void on_call_done(const std::string& key, const nlohmann::json& item, ParseStep& step);
  void on_arguments_delta(const nlohmann::json& event, ParseStep& step);
  void on_arguments_done(const nlohmann::json& event, ParseStep& step);
  void on_completed(const nlohmann::json& event, ParseStep& step);
  void on_incomplete(const nlohmann::json& event, ParseStep& step);
  void on_failed(const nlohmann::json& event, ParseStep& step);
  void on_error(const nlohmann::json& event, ParseStep& step);

  Message& ensure_message(const std::string& key, ParseStep& step);
  Part& ensure_part(Message& message, int content_index, ParseStep& step);
  void close_part(const Message& message, Part& part, const std::string* final_text, ParseStep& step);

  IdSource ids_;
  std::map<std::string, Message> messages_;  // by output item (see item_key)
  std::map<std::string, Call> calls_;
  bool completed_ = false;  // response.completed or response.incomplete arrived
};

}  // namespace chatkit::server
