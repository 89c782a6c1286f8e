#include "server/models/openai/chat_stream_parser.hpp"

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

long long count_at(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

// Only choice 0 is read: we never ask for more than one.
bool is_first_choice(const json& choice) {
  const auto it = choice.find("index");
  return it == choice.end() || !it->is_number_integer() || it->get<long long>() == 0;
}

}  // namespace

ChatStreamParser::ChatStreamParser(IdSource ids) : ids_(std::move(ids)) {}

// A finish_reason without the `[DONE]` line: the answer itself is whole.
bool ChatStreamParser::complete_at_body_end(ParseStep& step) {
  if (!answer_complete_) return false;
  emit_usage(step);
  return true;
}

void ChatStreamParser::take(const UpstreamMessage& message, ParseStep& step) {
  if (message.done_marker) {
    complete_answer(step);
    if (!step.error) emit_usage(step);
    stream_done_ = true;
    return;
  }
  const json& chunk = message.data;
  if (const auto error = chunk.find("error"); error != chunk.end() && !error->is_null()) {
    step.error = stream_error(*error);
    return;
  }
  // The usage chunk has no choices; Azure's prompt-filter chunk neither, and says nothing we use.
  if (const auto usage = chunk.find("usage"); usage != chunk.end() && usage->is_object()) {
    usage_ = UsageReported{.input_tokens = count_at(*usage, "prompt_tokens"),
                           .output_tokens = count_at(*usage, "completion_tokens")};
  }
  const auto choices = chunk.find("choices");
  if (choices == chunk.end() || !choices->is_array()) return;
  for (const auto& choice : *choices) {
    if (choice.is_object() && is_first_choice(choice)) take_choice(choice, step);
    if (step.error) return;
  }
}

void ChatStreamParser::take_choice(const json& choice, ParseStep& step) {
  // Azure sends content-filter annotations for the choice after its finish_reason: nothing new.
  if (answer_complete_) return;
  if (const auto delta = choice.find("delta"); delta != choice.end() && delta->is_object()) {
    if (const auto* content = string_at(*delta, "content"); content && !content->empty()) take_text(*content, step);
    // A refusal is shown as the answer's text (docs/PROTOCOL.md §8.1).
    if (const auto* refusal = string_at(*delta, "refusal"); refusal && !refusal->empty()) take_text(*refusal, step);
    if (const auto calls = delta->find("tool_calls"); calls != delta->end() && calls->is_array()) {
      for (const auto& fragment : *calls) take_call_fragment(fragment);
    }
  }
  if (const auto* reason = string_at(choice, "finish_reason")) take_finish_reason(*reason, step);
}

void ChatStreamParser::take_text(const std::string& text, ParseStep& step) {
  if (!message_id_) {
    message_id_ = ids_.message_id();
    step.events.emplace_back(MessageStarted{.item_id = *message_id_});
    step.events.emplace_back(TextPartStarted{.item_id = *message_id_, .content_index = 0});
  }
  text_ += text;
  step.events.emplace_back(TextDelta{.item_id = *message_id_, .content_index = 0, .delta = text});
}

void ChatStreamParser::take_call_fragment(const json& fragment) {
  if (!fragment.is_object()) return;
  const auto* id = string_at(fragment, "id");
  int index = 0;
  if (const auto it = fragment.find("index"); it != fragment.end() && it->is_number_integer()) {
    index = it->get<int>();
  } else if (!calls_.empty()) {
    // No index (some compatible servers): a fragment with an id starts the next call.
    index = calls_.rbegin()->first + (id && !id->empty() ? 1 : 0);
  }
  PendingCall& call = calls_[index];
  if (id && !id->empty() && call.id.empty()) call.id = *id;
  const auto function = fragment.find("function");
  if (function == fragment.end() || !function->is_object()) return;
  if (const auto* name = string_at(*function, "name"); name && call.name.empty()) call.name = *name;
  if (const auto* arguments = string_at(*function, "arguments")) call.arguments += *arguments;
}

void ChatStreamParser::take_finish_reason(const std::string& reason, ParseStep& step) {
  if (reason == "content_filter") {
    step.error = ModelError(ModelFailure::content_filter,
                            "the model provider's content filter stopped the answer (finish_reason content_filter)");
    return;
  }
  // "stop", "length" (the answer ends where the limit cut it), "tool_calls", "function_call".
  complete_answer(step);
}

void ChatStreamParser::complete_answer(ParseStep& step) {
  if (answer_complete_) return;
  answer_complete_ = true;
  if (message_id_) {
    step.events.emplace_back(TextPartDone{.item_id = *message_id_, .content_index = 0, .text = text_});
    step.events.emplace_back(MessageDone{.item_id = *message_id_, .parts = {text_}});
  }
  for (auto& [index, call] : calls_) {
    if (call.name.empty()) {
      step.error = ModelError(ModelFailure::malformed,
                              "the model provider sent a tool call without a function name (index " +
                                  std::to_string(index) + ")");
      return;
    }
    // A call without arguments means "no arguments": the tool still gets a JSON object.
    FunctionCall function{.call_id = call.id.empty() ? ids_.call_id() : call.id,
                          .name = std::move(call.name),
                          .arguments = call.arguments.empty() ? "{}" : std::move(call.arguments)};
    step.events.emplace_back(ToolCallRequested{.call = std::move(function)});
  }
  calls_.clear();
}

void ChatStreamParser::emit_usage(ParseStep& step) {
  if (!usage_) return;
  step.events.emplace_back(*usage_);
  usage_.reset();
}

}  // namespace chatkit::server
