#include "server/models/openai/responses_request.hpp"

#include <variant>

#include "server/models/attached_file.hpp"

namespace chatkit::server {
namespace {

using json = nlohmann::json;

// One Responses input item per ModelInput.
struct InputItem {
  json operator()(const ModelMessage& message) const {
    const bool user = message.role == MessageRole::user;
    json content = json::array();
    if (!message.text.empty() || message.files.empty()) {
      content.push_back(json{{"type", user ? "input_text" : "output_text"}, {"text", message.text}});
    }
    for (const auto& file : message.files) content.push_back(file_part(file));
    return json{{"type", "message"}, {"role", user ? "user" : "assistant"}, {"content", std::move(content)}};
  }

  // An attached file as a Responses input part: an image, a file (PDFs), or text (§8.4).
  static json file_part(const AttachedFile& file) {
    if (sent_as_binary(file) && file.kind == AttachedFile::Kind::image) {
      return json{{"type", "input_image"}, {"image_url", data_url(file.mime_type, file.data)}, {"detail", "auto"}};
    }
    if (sent_as_binary(file)) {
      return json{{"type", "input_file"}, {"filename", file.name}, {"file_data", data_url(file.mime_type, file.data)}};
    }
    return json{{"type", "input_text"}, {"text", attached_file_text(file)}};
  }
  json operator()(const FunctionCall& call) const {
    return json{{"type", "function_call"}, {"call_id", call.call_id}, {"name", call.name}, {"arguments", call.arguments}};
  }
  json operator()(const FunctionOutput& output) const {
    return json{{"type", "function_call_output"}, {"call_id", output.call_id}, {"output", output.output}};
  }
};

json responses_tools(const std::vector<ToolSpec>& tools) {
  json out = json::array();
  for (const auto& tool : tools) {
    json parameters = !tool.parameters || tool.parameters->is_null()
                          ? json{{"type", "object"}, {"properties", json::object()}}
                          : *tool.parameters;
    // strict: false, because strict mode demands every property be required, which the tools'
    // schemas do not promise.
    out.push_back(json{{"type", "function"},
                       {"name", tool.name},
                       {"description", tool.description},
                       {"parameters", std::move(parameters)},
                       {"strict", false}});
  }
  return out;
}

}  // namespace

nlohmann::json responses_body(const ModelRequest& request, std::string_view model) {
  json input = json::array();
  for (const auto& item : request.input) input.push_back(std::visit(InputItem{}, item));

  json body = json::object();
  body["model"] = model;
  body["stream"] = true;
  if (!request.instructions.empty()) body["instructions"] = request.instructions;
  body["input"] = std::move(input);
  if (!request.tools.empty()) body["tools"] = responses_tools(request.tools);
  body["store"] = false;
  if (request.max_output_tokens) body["max_output_tokens"] = *request.max_output_tokens;
  return body;
}

}  // namespace chatkit::server
