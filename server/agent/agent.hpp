#pragma once
// The agent loop: a model turn, then the tool calls it asked for (several per turn), their outputs
// back to the model, again, until the model answers without calling a tool or the round limit is
// reached (the last round offers no tools, so the model must answer). Assistant text streams into
// the turn as it arrives (docs/PROTOCOL.md §8.1); each tool call and its output are stored as a hidden
// record, so later turns see what the tools did (§8.4).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/agent/history.hpp"
#include "server/agent/tool.hpp"
#include "server/chatkit/turn.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

struct AgentOptions {
  int max_tool_rounds = 8;  // model turns that may call tools, before one last turn without tools
  HistoryBudget budget;
};

class Agent {
 public:
  explicit Agent(Model& model, AgentOptions options = {}) : model_(model), options_(options) {}

  // Streams one answer to `history` (chronological, newest last) into the turn.
  awaitable<void> run(Turn& turn, std::string instructions, const Tools& tools, const std::vector<ThreadItem>& history);

  // A short title for a conversation that starts with `first_message` (§8.5). Never empty: when the
  // model gives nothing usable, the title is derived from the message itself.
  awaitable<std::string> title(std::string first_message);
  // The title the model gives without a request, if it does (Model::local_title).
  std::optional<std::string> local_title(std::string_view first_message) const {
    return model_.local_title(first_message);
  }

 private:
  awaitable<FunctionOutput> call_tool(Turn& turn, const Tools& tools, const FunctionCall& call);

  Model& model_;
  AgentOptions options_;
};

// The request the agent sends for `history` (exposed for tests).
ModelRequest build_model_request(std::string instructions, const std::vector<ThreadItem>& history,
                                 const HistoryBudget& budget = {});

}  // namespace chatkit::server
