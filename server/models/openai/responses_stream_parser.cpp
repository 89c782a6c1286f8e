#include "server/models/openai/responses_stream_parser.hpp"

#include <array>
#include <utility>

#include "server/models/openai/upstream_error.hpp"

namespace chatkit::server {
namespace {

using json = nlohmann::json;

const std::string* string_at(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

const json& object_at(const json& object, const char* key) {
  static const json kEmpty = json::object();
  const auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

int int_at(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

// Which output item an event is about: its output_index (every item event carries it), else
// the upstream item id.
std::string item_key(const json& event) {
  if (const auto it = event.find("output_index"); it != event.end() && it->is_number_integer()) {
    return "#" + std::to_string(it->get<long long>());
  }
  if (const auto* id = string_at(event, "item_id")) return *id;
  if (const auto* id = string_at(object_at(event, "item"), "id")) return *id;
  return {};
}

bool is_text_part(const json& part) {
  const auto* type = string_at(part, "type");
  return type && (*type == "output_text" || *type == "refusal");
}

// The final text of a part: output_text's text, or a refusal's refusal (shown as text, §8.1).
const std::string* part_text(const json& part) {
  if (const auto* text = string_at(part, "text")) return text;
  return string_at(part, "refusal");
}

void emit_usage(const json& response, ParseStep& step) {
  const auto usage = response.find("usage");
  if (usage == response.end() || !usage->is_object()) return;
  step.events.emplace_back(
      UsageReported{.input_tokens = usage->value("input_tokens", 0LL), .output_tokens = usage->value("output_tokens", 0LL)});
}

}  // namespace

ResponsesStreamParser::ResponsesStreamParser(IdSource ids) : ids_(std::move(ids)) {}

// The JSON `type` decides; the `[DONE]` line some compatible servers add says nothing more.
void ResponsesStreamParser::take(const UpstreamMessage& message, ParseStep& step) {
  if (!message.done_marker) take_event(message.data, step);
}

void ResponsesStreamParser::take_event(const json& event, ParseStep& step) {
  static const std::array<std::pair<std::string_view, Handler>, 14> kHandlers = {{
      {"response.output_item.added", &ResponsesStreamParser::on_item_added},
      {"response.content_part.added", &ResponsesStreamParser::on_part_added},
      {"response.output_text.delta", &ResponsesStreamParser::on_text_delta},
      {"response.refusal.delta", &ResponsesStreamParser::on_text_delta},
      {"response.output_text.done", &ResponsesStreamParser::on_part_done},
      {"response.refusal.done", &ResponsesStreamParser::on_part_done},
      {"response.content_part.done", &ResponsesStreamParser::on_part_done},
      {"response.output_item.done", &ResponsesStreamParser::on_item_done},
      {"response.function_call_arguments.delta", &ResponsesStreamParser::on_arguments_delta},
      {"response.function_call_arguments.done", &ResponsesStreamParser::on_arguments_done},
      {"response.completed", &ResponsesStreamParser::on_completed},
      {"response.incomplete", &ResponsesStreamParser::on_incomplete},
      {"response.failed", &ResponsesStreamParser::on_failed},
      {"error", &ResponsesStreamParser::on_error},
  }};
  const auto* type = string_at(event, "type");
  if (!type) return;
  for (const auto& [name, handler] : kHandlers) {
    if (*type == name) return (this->*handler)(event, step);
  }
  // Anything else (created, in_progress, reasoning, annotations, ...) says nothing we forward.
}

void ResponsesStreamParser::on_item_added(const json& event, ParseStep& step) {
  const json& item = object_at(event, "item");
  const auto* type = string_at(item, "type");
  if (!type) return;
  if (*type == "message") {
    ensure_message(item_key(event), step);
  } else if (*type == "function_call") {
    Call& call = calls_[item_key(event)];
    if (const auto* id = string_at(item, "call_id")) call.call_id = *id;
    if (const auto* name = string_at(item, "name")) call.name = *name;
    if (const auto* arguments = string_at(item, "arguments")) call.arguments = *arguments;
  }
}

void ResponsesStreamParser::on_part_added(const json& event, ParseStep& step) {
  const json& part = object_at(event, "part");
  if (!is_text_part(part)) return;
  Message& message = ensure_message(item_key(event), step);
  Part& added = ensure_part(message, int_at(event, "content_index"), step);
  // A part normally starts empty; text already in it is forwarded as its first delta.
  if (const auto* text = part_text(part); text && !text->empty() && added.text.empty()) {
    added.text = *text;
    step.events.emplace_back(TextDelta{.item_id = message.id, .content_index = added.index, .delta = *text});
  }
}

void ResponsesStreamParser::on_text_delta(const json& event, ParseStep& step) {
  const auto* delta = string_at(event, "delta");
  if (!delta || delta->empty()) return;
  Message& message = ensure_message(item_key(event), step);
  Part& part = ensure_part(message, int_at(event, "content_index"), step);
  if (part.done) return;
  part.text += *delta;
  step.events.emplace_back(TextDelta{.item_id = message.id, .content_index = part.index, .delta = *delta});
}

void ResponsesStreamParser::on_part_done(const json& event, ParseStep& step) {
  // output_text.done carries `text`, refusal.done `refusal`, content_part.done its `part`.
  const json& part_json = object_at(event, "part");
  const bool has_part = event.contains("part");
  if (has_part && !is_text_part(part_json)) return;
  const std::string* final_text = has_part ? part_text(part_json) : part_text(event);
  Message& message = ensure_message(item_key(event), step);
  Part& part = ensure_part(message, int_at(event, "content_index"), step);
  close_part(message, part, final_text, step);
}

void ResponsesStreamParser::on_item_done(const json& event, ParseStep& step) {
  const json& item = object_at(event, "item");
  const auto* type = string_at(item, "type");
  if (!type) return;
  if (*type == "message") on_message_done(item_key(event), item, step);
  if (*type == "function_call") on_call_done(item_key(event), item, step);
}

void ResponsesStreamParser::on_message_done(const std::string& key, const json& item, ParseStep& step) {
  Message& message = ensure_message(key, step);
  const auto content = item.find("content");
  if (content != item.end() && content->is_array()) {
    for (std::size_t i = 0; i < content->size(); ++i) {
      if (!is_text_part((*content)[i])) continue;
      Part& part = ensure_part(message, static_cast<int>(i), step);
      close_part(message, part, part_text((*content)[i]), step);
    }
  }
  MessageDone done{.item_id = message.id, .parts = {}};
  for (auto& [upstream_index, part] : message.parts) {
    close_part(message, part, nullptr, step);
    done.parts.push_back(part.text);
  }
  step.events.emplace_back(std::move(done));
  messages_.erase(key);
}

void ResponsesStreamParser::on_call_done(const std::string& key, const json& item, ParseStep& step) {
  Call call = std::move(calls_[key]);
  calls_.erase(key);
  // The finished item is authoritative; what the deltas built is the fallback.
  if (const auto* id = string_at(item, "call_id")) call.call_id = *id;
  if (const auto* name = string_at(item, "name")) call.name = *name;
  if (const auto* arguments = string_at(item, "arguments")) call.arguments = *arguments;
  if (call.name.empty()) {
    step.error = ModelError(ModelFailure::malformed, "the model provider sent a function call without a name");
    return;
  }
  FunctionCall function{.call_id = call.call_id.empty() ? ids_.call_id() : std::move(call.call_id),
                        .name = std::move(call.name),
                        .arguments = call.arguments.empty() ? "{}" : std::move(call.arguments)};
  step.events.emplace_back(ToolCallRequested{.call = std::move(function)});
}

void ResponsesStreamParser::on_arguments_delta(const json& event, ParseStep& /*step*/) {
  if (const auto* delta = string_at(event, "delta")) calls_[item_key(event)].arguments += *delta;
}

void ResponsesStreamParser::on_arguments_done(const json& event, ParseStep& /*step*/) {
  if (const auto* arguments = string_at(event, "arguments")) calls_[item_key(event)].arguments = *arguments;
}

void ResponsesStreamParser::on_completed(const json& event, ParseStep& step) {
  emit_usage(object_at(event, "response"), step);
  completed_ = true;
}

void ResponsesStreamParser::on_incomplete(const json& event, ParseStep& step) {
  const json& response = object_at(event, "response");
  const auto* reason = string_at(object_at(response, "incomplete_details"), "reason");
  if (reason && *reason == "content_filter") {
    step.error = ModelError(ModelFailure::content_filter,
                            "the model provider's content filter stopped the answer (response incomplete: content_filter)");
    return;
  }
  // max_output_tokens: the answer ends where the limit cut it.
  emit_usage(response, step);
  completed_ = true;
}

void ResponsesStreamParser::on_failed(const json& event, ParseStep& step) {
  const json& error = object_at(object_at(event, "response"), "error");
  step.error = error.empty() ? ModelError(ModelFailure::unavailable, "the model provider failed the response")
                             : stream_error(error);
}

void ResponsesStreamParser::on_error(const json& event, ParseStep& step) {
  const json& nested = object_at(event, "error");
  step.error = stream_error(nested.empty() ? event : nested);
}

ResponsesStreamParser::Message& ResponsesStreamParser::ensure_message(const std::string& key, ParseStep& step) {
  auto [it, added] = messages_.try_emplace(key);
  if (added) {
    it->second.id = ids_.message_id();
    step.events.emplace_back(MessageStarted{.item_id = it->second.id});
  }
  return it->second;
}

ResponsesStreamParser::Part& ResponsesStreamParser::ensure_part(Message& message, int content_index, ParseStep& step) {
  auto [it, added] = message.parts.try_emplace(content_index);
  if (added) {
    it->second.index = static_cast<int>(message.parts.size()) - 1;
    step.events.emplace_back(TextPartStarted{.item_id = message.id, .content_index = it->second.index});
  }
  return it->second;
}

void ResponsesStreamParser::close_part(const Message& message, Part& part, const std::string* final_text,
                                       ParseStep& step) {
  if (part.done) return;
  if (final_text) part.text = *final_text;
  part.done = true;
  step.events.emplace_back(TextPartDone{.item_id = message.id, .content_index = part.index, .text = part.text});
}

}  // namespace chatkit::server
