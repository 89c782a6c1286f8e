#pragma once
// How the agent runs the tools the model calls, without knowing what a tool may touch: the
// application offers their specs and runs each call (server/chatkit/tool_calls.hpp). A call that
// fails in a way the model should hear about comes back as an output saying so, not as a throw.
// A call of a client tool is not run here: it comes back as a request for the browser, and the
// agent ends the turn with it pending (docs/PROTOCOL.md §8.3).
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/common/async.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

// A call of a client tool whose arguments passed the tool's schema: the browser is to run it.
struct ClientToolRequest {
  FunctionCall call;
  nlohmann::json arguments;  // the arguments object, parsed
};

// What one call gives: the output the model reads next, or a call for the browser.
using ToolOutcome = std::variant<FunctionOutput, ClientToolRequest>;

class ToolRunner {
 public:
  virtual ~ToolRunner() = default;
  // The tools the model may call, as it is told about them.
  virtual std::vector<ToolSpec> specs() const = 0;
  // Runs one call (a server tool), or checks it and hands it back for the browser (a client tool).
  virtual awaitable<ToolOutcome> call(const FunctionCall& call) = 0;
};

}  // namespace chatkit::server
