#include "core/render/patch.hpp"

#include "core/variant_util.hpp"

namespace chatkit::render {
namespace {

json optional_text(const std::optional<std::string>& text) { return text ? json(*text) : json(); }

}  // namespace

json to_json(const PatchOp& op) {
  static_assert(std::variant_size_v<PatchOp> == 6, "encode every patch operation");
  return std::visit(
      Overloaded{
          [](const ThreadOp& o) { return json{{"op", "thread"}, {"thread", o.thread}}; },
          [](const InsertOp& o) {
            json out{{"op", "insert"}, {"key", o.key}, {"after", optional_text(o.after)}, {"node", to_json(o.node)}};
            if (o.parent) out["parent"] = *o.parent;
            return out;
          },
          [](const ReplaceOp& o) { return json{{"op", "replace"}, {"key", o.key}, {"node", to_json(o.node)}}; },
          [](const RemoveOp& o) { return json{{"op", "remove"}, {"key", o.key}}; },
          [](const AppendTextOp& o) { return json{{"op", "append_text"}, {"key", o.key}, {"text", o.text}}; },
          [](const EventOp& o) { return json{{"op", "event"}, {"event", o.event}}; },
      },
      op);
}

}  // namespace chatkit::render
