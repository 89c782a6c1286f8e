#pragma once
// The agent's ToolRunner for one turn: it offers the use case's tools and runs each call the model
// makes to a server tool; a call to a client tool whose arguments pass comes back for the browser.
// Arguments that are not JSON or break the tool's schema, an unknown tool and a ToolError
// become an output {"error": "..."} the model reads and may correct; nothing else is caught.
#include "server/agent/tool_runner.hpp"
#include "server/chatkit/tool.hpp"
#include "server/chatkit/turn.hpp"

namespace chatkit::server {

class TurnTools final : public ToolRunner {
 public:
  // Both must outlive the run.
  TurnTools(Turn& turn, const Tools& tools) : turn_(turn), tools_(tools) {}
  std::vector<ToolSpec> specs() const override;
  awaitable<ToolOutcome> call(const FunctionCall& call) override;

 private:
  Turn& turn_;
  const Tools& tools_;
};

}  // namespace chatkit::server
