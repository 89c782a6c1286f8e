#pragma once
// The agent loop: a model turn, then the tool calls it asked for (several per turn), their outputs
// back to the model, again, until the model answers without calling a tool or the round limit is
// reached (the last round offers no tools, so the model must answer). Assistant text streams into
// the answer's sink as it arrives (docs/PROTOCOL.md §8.1); each tool call and its output are stored as
// a hidden record, so later turns see what the tools did (§8.4). The agent knows the model, the
// sink and the tool runner, nothing of the store, HTTP or use cases.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/agent/answer_sink.hpp"
#include "server/agent/history.hpp"
#include "server/agent/tool_runner.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

struct AgentOptions {
  int max_tool_rounds = 8;  // model turns that may call tools, before one last turn without tools
  HistoryBudget budget;
};

class Agent {
 public:
  explicit Agent(Model& model, AgentOptions options = {}) : model_(model), options_(options) {}

  // Streams one answer to `history` (chronological, newest last) into `sink`, calling `tools`.
  awaitable<void> run(AnswerSink& sink, std::string instructions, ToolRunner& tools,
                      const std::vector<ThreadItem>& history);

  // A short title for a conversation that starts with `first_message` (§8.5). Never empty: when the
  // model gives nothing usable, the title is derived from the message itself.
  awaitable<std::string> title(std::string first_message);
  // The title the model gives without a request, if it does (Model::local_title).
  std::optional<std::string> local_title(std::string_view first_message) const {
    return model_.local_title(first_message);
  }

 private:
  Model& model_;
  AgentOptions options_;
};

// The request the agent sends for `history` (exposed for tests).
ModelRequest build_model_request(std::string instructions, const std::vector<ThreadItem>& history,
                                 const HistoryBudget& budget = {});

}  // namespace chatkit::server
