#include "server/models/openai/chat_request.hpp"

#include <variant>

#include "server/models/attached_file.hpp"

namespace chatkit::server {
namespace {

using json = nlohmann::json;

std::string_view role_name(MessageRole role) {
  switch (role) {
    case MessageRole::user: return "user";
    case MessageRole::assistant: return "assistant";
  }
  return "user";
}

// A schema the upstream accepts even when a tool declared none.
json parameters_schema(const JsonSchema& parameters) {
  if (!parameters || parameters->is_null()) return json{{"type", "object"}, {"properties", json::object()}};
  return *parameters;
}

// An attached file as a Chat Completions content part: an image, a file (PDFs), or text.
json file_part(const AttachedFile& file) {
  if (sent_as_binary(file) && file.kind == AttachedFile::Kind::image) {
    return json{{"type", "image_url"}, {"image_url", {{"url", data_url(file.mime_type, file.data)}}}};
  }
  if (sent_as_binary(file)) {
    return json{{"type", "file"}, {"file", {{"filename", file.name}, {"file_data", data_url(file.mime_type, file.data)}}}};
  }
  return json{{"type", "text"}, {"text", attached_file_text(file)}};
}

// Appends one ModelInput to `messages`, grouping function calls into assistant messages.
class MessageWriter {
 public:
  explicit MessageWriter(json& messages) : messages_(messages) {}

  void operator()(const ModelMessage& message) {
    if (message.files.empty()) {
      messages_.push_back(json{{"role", role_name(message.role)}, {"content", message.text}});
      return;
    }
    // With attachments the content is a list of parts, the text first (docs/PROTOCOL.md §8.4).
    json parts = json::array();
    if (!message.text.empty()) parts.push_back(json{{"type", "text"}, {"text", message.text}});
    for (const auto& file : message.files) parts.push_back(file_part(file));
    messages_.push_back(json{{"role", role_name(message.role)}, {"content", std::move(parts)}});
  }
  void operator()(const FunctionCall& call) {
    json entry = {{"id", call.call_id},
                  {"type", "function"},
                  {"function", {{"name", call.name}, {"arguments", call.arguments}}}};
    assistant_for_calls()["tool_calls"].push_back(std::move(entry));
  }
  void operator()(const FunctionOutput& output) {
    messages_.push_back(json{{"role", "tool"}, {"tool_call_id", output.call_id}, {"content", output.output}});
  }

 private:
  // The last message when it is the assistant's (text or earlier calls), else a new one.
  json& assistant_for_calls() {
    if (messages_.empty() || messages_.back().value("role", "") != "assistant") {
      messages_.push_back(json{{"role", "assistant"}, {"content", nullptr}});
    }
    return messages_.back();
  }
  json& messages_;
};

json chat_tools(const std::vector<ToolSpec>& tools) {
  json out = json::array();
  for (const auto& tool : tools) {
    out.push_back(json{{"type", "function"},
                       {"function",
                        {{"name", tool.name},
                         {"description", tool.description},
                         {"parameters", parameters_schema(tool.parameters)}}}});
  }
  return out;
}

std::string_view limit_field_name(TokenLimitField field) {
  switch (field) {
    case TokenLimitField::max_tokens: return "max_tokens";
    case TokenLimitField::max_completion_tokens: return "max_completion_tokens";
  }
  return "max_tokens";
}

}  // namespace

nlohmann::json chat_completions_body(const ModelRequest& request, const ChatBodyOptions& options) {
  json messages = json::array();
  if (!request.instructions.empty()) {
    messages.push_back(json{{"role", "system"}, {"content", request.instructions}});
  }
  MessageWriter writer(messages);
  for (const auto& input : request.input) std::visit(writer, input);

  json body = json::object();
  if (!options.model.empty()) body["model"] = options.model;
  body["stream"] = true;
  body["stream_options"] = {{"include_usage", true}};
  body["messages"] = std::move(messages);
  if (!request.tools.empty()) body["tools"] = chat_tools(request.tools);
  if (request.max_output_tokens) body[std::string(limit_field_name(options.token_limit_field))] = *request.max_output_tokens;
  return body;
}

}  // namespace chatkit::server
