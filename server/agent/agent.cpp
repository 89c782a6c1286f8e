#include "server/agent/agent.hpp"

#include "core/variant_util.hpp"
#include "server/agent/response_translator.hpp"
#include "server/models/derived_title.hpp"

namespace chatkit::server {

namespace {

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

// What the model hears for a second client tool call in one round: the turn can wait for one only.
FunctionOutput one_client_call_only(const FunctionCall& call, const std::string& waiting_for) {
  const nlohmann::json error = {
      {"error", "only one client tool call per answer: " + waiting_for + " runs first; call " + call.name +
                    " again once its result is in"}};
  return FunctionOutput{.call_id = call.call_id, .output = error.dump()};
}

// The pending item the browser answers with threads.add_client_tool_output. Our own tc_ id (as our
// assistant messages have our own msg_ ids, §7.2); call_id is the model's, so that the output
// given back later pairs with its call.
ClientToolCallItem pending_item(ClientToolRequest request, const AnswerSink& sink) {
  ClientToolCallItem item;
  item.id = sink.new_id(IdKind::tool_call);
  item.thread_id = sink.thread_id();
  item.created_at = sink.now();
  item.status = ClientToolCallStatus::pending;
  item.call_id = std::move(request.call.call_id);
  item.name = std::move(request.call.name);
  item.arguments = std::move(request.arguments);
  return item;
}

// Stores a server tool's call and output as a hidden record (§8.4): sent to nobody.
awaitable<void> record(AnswerSink& sink, const FunctionCall& call, const FunctionOutput& output) {
  HiddenContextItem record = tool_record(call, output);
  record.id = sink.new_id(IdKind::message);
  record.thread_id = sink.thread_id();
  record.created_at = sink.now();
  ThreadStreamEvent stored = ThreadItemDoneEvent{std::move(record)};
  co_await sink.emit(std::move(stored));
}

}  // namespace

ModelRequest build_model_request(std::string instructions, const std::vector<ThreadItem>& history,
                                 const HistoryBudget& budget, AttachmentReader* files) {
  return ModelRequest{.instructions = std::move(instructions), .input = history_input(history, budget, files)};
}

awaitable<AgentResult> Agent::run(AnswerSink& sink, std::string instructions, ToolRunner& tools,
                                  const std::vector<ThreadItem>& history) {
  ModelRequest request = build_model_request(std::move(instructions), history, options_.budget, options_.files);
  request.tools = tools.specs();
  for (int round = 0;; ++round) {
    if (round >= options_.max_tool_rounds) request.tools.clear();  // the last word must be an answer
    ResponseTranslator translator(sink);
    co_await model_.stream(request, translator);
    const std::vector<FunctionCall> calls = translator.take_tool_calls();
    if (calls.empty() || request.tools.empty()) co_return AgentResult{};
    // Server tools run in the model's order; a client tool's call only waits for the round's end.
    std::optional<ClientToolRequest> for_client;
    for (const auto& call : calls) {
      ToolOutcome outcome = co_await tools.call(call);
      if (auto* client = std::get_if<ClientToolRequest>(&outcome)) {
        if (!for_client) {
          for_client = std::move(*client);
          continue;
        }
        outcome = one_client_call_only(call, for_client->call.name);
      }
      auto& output = std::get<FunctionOutput>(outcome);
      co_await record(sink, call, output);
      request.input.push_back(call);
      request.input.push_back(std::move(output));
    }
    if (for_client) co_return AgentResult{.awaiting_client = pending_item(std::move(*for_client), sink)};
  }
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
