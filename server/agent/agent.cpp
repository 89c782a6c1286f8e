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

}  // namespace

ModelRequest build_model_request(std::string instructions, const std::vector<ThreadItem>& history,
                                 const HistoryBudget& budget) {
  return ModelRequest{.instructions = std::move(instructions), .input = history_input(history, budget)};
}

awaitable<void> Agent::run(AnswerSink& sink, std::string instructions, ToolRunner& tools,
                           const std::vector<ThreadItem>& history) {
  ModelRequest request = build_model_request(std::move(instructions), history, options_.budget);
  request.tools = tools.specs();
  for (int round = 0;; ++round) {
    if (round >= options_.max_tool_rounds) request.tools.clear();  // the last word must be an answer
    ResponseTranslator translator(sink);
    co_await model_.stream(request, translator);
    const std::vector<FunctionCall> calls = translator.take_tool_calls();
    if (calls.empty() || request.tools.empty()) co_return;
    for (const auto& call : calls) {
      FunctionOutput output = co_await tools.call(call);
      HiddenContextItem record = tool_record(call, output);
      record.id = sink.new_id(IdKind::message);
      record.thread_id = sink.thread_id();
      record.created_at = sink.now();
      ThreadStreamEvent stored = ThreadItemDoneEvent{std::move(record)};
      co_await sink.emit(std::move(stored));  // hidden: stored, never sent
      request.input.push_back(call);
      request.input.push_back(std::move(output));
    }
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
