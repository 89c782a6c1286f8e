#pragma once
// One C++ way to declare a tool the model may call: a name, a description, the JSON schema of its
// arguments written once (it is both sent to the model and checked before the call goes on), where
// it runs, and for a server tool its handler. The handler sees the turn: the thread, the store, the
// user (turn.context()) and the run's requests (turn.requests), and may emit events while it runs
// (progress_update, notice, client_effect, widgets). A client tool has no handler: the browser runs
// it (docs/PROTOCOL.md §8.3). The agent runs them through server/chatkit/tool_calls.hpp, knowing
// only their specs.
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

// Where a tool runs. A client tool's call ends the turn with a pending client_tool_call item; the
// browser runs it and sends its result with threads.add_client_tool_output, and the answer goes on.
enum class ToolKind { server, client };

struct Tool {
  std::string name;
  std::string description;
  JsonSchema parameters;  // JSON schema of the arguments object (null: none)
  ToolKind kind = ToolKind::server;
  ToolHandler handler;  // a server tool's; a client tool has none

  ToolSpec spec() const { return ToolSpec{.name = name, .description = description, .parameters = parameters}; }
};

// A tool the browser runs: no handler, the same spec and argument check as a server tool's.
inline Tool client_tool(std::string name, std::string description, JsonSchema parameters) {
  return Tool{.name = std::move(name),
              .description = std::move(description),
              .parameters = std::move(parameters),
              .kind = ToolKind::client,
              .handler = nullptr};
}

using Tools = std::vector<Tool>;
// A use case's tools, built once and shared by every run that offers them.
using SharedTools = std::shared_ptr<const Tools>;

}  // namespace chatkit::server
