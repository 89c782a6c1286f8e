#include "server/agent/agent.hpp"

#include "core/variant_util.hpp"
#include "server/agent/json_schema.hpp"
#include "server/agent/response_translator.hpp"
#include "server/models/offline/derived_title.hpp"

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
  if (!tool.parameters) return arguments;
  if (auto violation = check_schema(arguments, *tool.parameters)) {
    return "invalid arguments for " + call.name + ": " + violation->path + " " + violation->message;
  }
  return arguments;
}

// Collects the text of a side request (titles): nothing is streamed to the client.
class TextCollector final : public ModelEventSink {
 public:
  awaitable<void> on_event(ModelEvent event) override {
    if (auto* delta = std::get_if<TextDelta>(&event)) streamed_ += delta->delta;
    if (auto* done = std::get_if<MessageDone>(&event)) {
      for (const auto& part : done->parts) final_ += part;
    }
    co_return;
  }
  std::string text() const { return final_.empty() ? streamed_ : final_; }

 private:
  std::string streamed_;
  std::string final_;
};

}  // namespace

ModelRequest build_model_request(std::string instructions, const std::vector<ThreadItem>& history,
                                 const HistoryBudget& budget) {
  return ModelRequest{.instructions = std::move(instructions), .input = history_input(history, budget)};
}

awaitable<void> Agent::run(Turn& turn, std::string instructions, const Tools& tools,
                           const std::vector<ThreadItem>& history) {
  ModelRequest request = build_model_request(std::move(instructions), history, options_.budget);
  for (const auto& tool : tools) request.tools.push_back(tool.spec());
  for (int round = 0;; ++round) {
    if (round >= options_.max_tool_rounds) request.tools.clear();  // the last word must be an answer
    ResponseTranslator translator(turn);
    co_await model_.stream(request, translator);
    const std::vector<FunctionCall> calls = translator.take_tool_calls();
    if (calls.empty() || request.tools.empty()) co_return;
    for (const auto& call : calls) {
      FunctionOutput output = co_await call_tool(turn, tools, call);
      HiddenContextItem record = tool_record(call, output);
      record.id = turn.new_id(IdKind::message);
      record.thread_id = turn.thread.id;
      record.created_at = turn.now();
      ThreadStreamEvent stored = ThreadItemDoneEvent{std::move(record)};
      co_await turn.emit(std::move(stored));  // hidden: stored, never sent
      request.input.push_back(call);
      request.input.push_back(std::move(output));
    }
  }
}

awaitable<FunctionOutput> Agent::call_tool(Turn& turn, const Tools& tools, const FunctionCall& call) {
  FunctionOutput output{.call_id = call.call_id, .output = {}};
  const Tool* tool = find_tool(tools, call.name);
  if (!tool) {
    output.output = error_output("there is no tool named '" + call.name + "'");
    co_return output;
  }
  auto arguments = checked_arguments(*tool, call);
  if (auto* problem = std::get_if<std::string>(&arguments)) {
    output.output = error_output(*problem);
    co_return output;
  }
  ToolInvocation invocation{.turn = turn, .arguments = std::get<json>(arguments)};
  std::string failure;
  try {
    const json result = co_await tool->handler(invocation);
    output.output = result.dump();
  } catch (const ToolError& e) {
    failure = e.what();  // the model hears about it and may correct itself
  }
  if (!failure.empty()) output.output = error_output(failure);
  co_return output;
}

awaitable<std::string> Agent::title(std::string first_message) {
  ModelRequest request{
      .instructions = "Write a title of at most six words for a conversation that starts with the user's message "
                      "below. Answer with the title only: no quotes, no punctuation at the end.",
      .input = {},
      .tools = {},
      .purpose = RequestPurpose::title,
      .max_output_tokens = 24,
  };
  request.input.push_back(ModelMessage{.role = MessageRole::user, .text = first_message});
  TextCollector collector;
  co_await model_.stream(request, collector);
  std::string title = clean_title(collector.text());
  co_return title.empty() ? derive_title(first_message) : title;
}

}  // namespace chatkit::server
