#pragma once
// The agent loop: a model turn, then the tool calls it asked for (several per turn), their outputs
// back to the model, again, until the model answers without calling a tool or the round limit is
// reached (the last round offers no tools, so the model must answer). Assistant text streams into
// the answer's sink as it arrives (docs/PROTOCOL.md §8.1); each tool call and its output are stored as
// a hidden record, so later turns see what the tools did (§8.4). The agent knows the model, the
// sink and the tool runner, nothing of the store, HTTP or use cases.
//
// A round that calls a client tool is the last: its server tools run first, as usual, then the
// answer stops and waits for the browser (§8.3). The client tool call is handed back to the caller
// rather than emitted, because it must be the thread's newest item when the browser answers (§2.3):
// whatever the caller adds to the turn after the agent (Todo's card) goes before it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/agent/answer_sink.hpp"
#include "server/agent/history.hpp"
#include "server/agent/tool_runner.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

// How an answer ended.
struct AgentResult {
  // The pending client tool call the answer waits for, not yet emitted (the caller stamps and emits
  // it once the turn has nothing else to add); nullopt when the answer is complete.
  std::optional<ClientToolCallItem> awaiting_client;
};

struct AgentOptions {
  int max_tool_rounds = 8;  // model turns that may call tools, before one last turn without tools
  HistoryBudget budget;
  AttachmentReader* files = nullptr;  // the bytes of attached files (none: described as unavailable)
};

class Agent {
 public:
  explicit Agent(Model& model, AgentOptions options = {}) : model_(model), options_(options) {}

  // Streams one answer to `history` (chronological, newest last) into `sink`, calling `tools`.
  awaitable<AgentResult> run(AnswerSink& sink, std::string instructions, ToolRunner& tools,
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
                                 const HistoryBudget& budget = {}, AttachmentReader* files = nullptr);

}  // namespace chatkit::server
