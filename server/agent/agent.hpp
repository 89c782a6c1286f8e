#pragma once
// The agent: instructions + the conversation so far → the model → ChatKit events on the turn.
// (The tool loop arrives with the agent issue; today the agent is one model call.)
#include <string>
#include <vector>

#include "server/chatkit/turn.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

// The thread's items as model input (PROTOCOL.md §8.4): user and assistant text, hidden context
// as marked user messages; items with nothing to say to the model are left out.
ModelRequest build_model_request(std::string instructions, const std::vector<ThreadItem>& history);

class Agent {
 public:
  explicit Agent(Model& model) : model_(model) {}
  // Streams one answer to `history` (chronological, newest last) into the turn.
  awaitable<void> run(Turn& turn, std::string instructions, const std::vector<ThreadItem>& history);

 private:
  Model& model_;
};

}  // namespace chatkit::server
