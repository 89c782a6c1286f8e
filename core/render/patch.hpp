#pragma once
// DOM patch operations (the .d.ts `PatchOp`): what the browser must do to its DOM so that it shows
// what render() would render now. Keys: item id, "<itemId>/<componentId>", "<itemId>#<part>",
// "<itemId>#<part>.<block>".
#include <optional>
#include <string>
#include <variant>

#include "core/json_io.hpp"
#include "core/render/vnode.hpp"

namespace chatkit::render {

struct ThreadOp {
  json thread;  // the client view of the thread
};
struct InsertOp {
  std::string key;
  std::optional<std::string> parent;  // none: the thread's item list
  std::optional<std::string> after;   // none: first
  Node node;
};
struct ReplaceOp {
  std::string key;
  Node node;
};
struct RemoveOp {
  std::string key;
};
struct AppendTextOp {
  std::string key;
  std::string text;
};
struct EventOp {
  json event;  // progress_update, notice, error, client_effect, stream_options
};

using PatchOp = std::variant<ThreadOp, InsertOp, ReplaceOp, RemoveOp, AppendTextOp, EventOp>;

json to_json(const PatchOp& op);

}  // namespace chatkit::render
