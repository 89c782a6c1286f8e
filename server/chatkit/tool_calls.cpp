#include "server/chatkit/tool_calls.hpp"

#include <stdexcept>
#include <variant>

#include "server/agent/json_schema.hpp"

namespace chatkit::server {

namespace {

using nlohmann::json;

const Tool* find_tool(const Tools& tools, const std::string& name) {
  for (const auto& tool : tools) {
    if (tool.name == name) return &tool;
  }
  return nullptr;
}

std::string error_output(const std::string& message) { return json{{"error", message}}.dump(); }

// The tool's arguments, or the error the model is told instead of running it.
std::variant<json, std::string> checked_arguments(const Tool& tool, const FunctionCall& call) {
  json arguments = json::parse(call.arguments.empty() ? "{}" : call.arguments, nullptr, false);
  if (arguments.is_discarded()) return "the arguments of " + call.name + " are not valid JSON: " + call.arguments;
  // A client tool call's arguments are an object on the wire (client_tool_call.arguments, §3.5).
  if (tool.kind == ToolKind::client && !arguments.is_object()) {
    return "the arguments of " + call.name + " must be a JSON object: " + call.arguments;
  }
  if (!tool.parameters) return arguments;
  if (auto violation = check_schema(arguments, *tool.parameters)) {
    return "invalid arguments for " + call.name + ": " + violation->path + " " + violation->message;
  }
  return arguments;
}

}  // namespace

std::vector<ToolSpec> TurnTools::specs() const {
  std::vector<ToolSpec> specs;
  specs.reserve(tools_.size());
  for (const auto& tool : tools_) specs.push_back(tool.spec());
  return specs;
}

awaitable<ToolOutcome> TurnTools::call(const FunctionCall& call) {
  FunctionOutput output{.call_id = call.call_id, .output = {}};
  const Tool* tool = find_tool(tools_, call.name);
  if (!tool) {
    output.output = error_output("there is no tool named '" + call.name + "'");
    co_return output;
  }
  auto arguments = checked_arguments(*tool, call);
  if (auto* problem = std::get_if<std::string>(&arguments)) {
    output.output = error_output(*problem);
    co_return output;
  }
  if (tool->kind == ToolKind::client) {
    co_return ClientToolRequest{.call = call, .arguments = std::move(std::get<json>(arguments))};
  }
  // A declaration mistake, not the model's: said loudly, as the stream's error.
  if (!tool->handler) {
    throw std::logic_error("tool '" + tool->name + "' is a server tool without a handler: give it one, or declare it "
                           "with client_tool() if the browser runs it");
  }
  ToolInvocation invocation{.turn = turn_, .arguments = std::get<json>(arguments)};
  std::string failure;
  try {
    const json result = co_await tool->handler(invocation);
    output.output = result.dump();
  } catch (const ToolError& e) {
    failure = e.what();  // the model hears about it and may correct itself (a catch cannot co_await)
  }
  if (!failure.empty()) output.output = error_output(failure);
  co_return output;
}

}  // namespace chatkit::server
