#pragma once
// One C++ way to declare a tool the model may call: a name, a description, the JSON schema of its
// arguments written once (it is both sent to the model and checked before the handler runs), and
// a handler. The handler sees the turn: the thread, the store, the user (turn.context()) and the
// run's requests (turn.requests), and may emit events while it runs. The agent runs them through
// server/chatkit/tool_calls.hpp, knowing only their specs.
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/chatkit/turn.hpp"
#include "server/common/async.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

// A call, as the handler sees it: the arguments have already passed the schema.
struct ToolInvocation {
  Turn& turn;
  const nlohmann::json& arguments;
};

// Thrown by a handler for a failure the model should hear about and may correct ("no todo with
// id 7"): it becomes the tool's output {"error": message}, and the run goes on.
class ToolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Returns the tool's output, given back to the model as JSON text.
using ToolHandler = std::function<awaitable<nlohmann::json>(ToolInvocation&)>;

struct Tool {
  std::string name;
  std::string description;
  JsonSchema parameters;  // JSON schema of the arguments object (null: none)
  ToolHandler handler;

  ToolSpec spec() const { return ToolSpec{.name = name, .description = description, .parameters = parameters}; }
};

using Tools = std::vector<Tool>;
// A use case's tools, built once and shared by every run that offers them.
using SharedTools = std::shared_ptr<const Tools>;

}  // namespace chatkit::server
