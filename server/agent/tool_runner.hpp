#pragma once
// How the agent runs the tools the model calls, without knowing what a tool may touch: the
// application offers their specs and runs each call (server/chatkit/tool_calls.hpp). A call that
// fails in a way the model should hear about comes back as an output saying so, not as a throw.
#include <vector>

#include "server/common/async.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

class ToolRunner {
 public:
  virtual ~ToolRunner() = default;
  // The tools the model may call, as it is told about them.
  virtual std::vector<ToolSpec> specs() const = 0;
  // Runs one call; the output goes back to the model.
  virtual awaitable<FunctionOutput> call(const FunctionCall& call) = 0;
};

}  // namespace chatkit::server
