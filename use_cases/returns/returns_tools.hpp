#pragma once
// The Returns agent's tools: each one reads or moves the thread's draft through the same steps a
// click runs (returns_flow.hpp), and every output names what the model needs next: the ids it can
// use (order numbers, line ids, option ids) and the draft's next step. A tool that touched the
// draft asks for the step's card after the reply (ShowReturnsCard); show_return_history asks for
// the history card (ShowReturnHistory).
#include <nlohmann/json.hpp>

#include "server/chatkit/tool.hpp"
#include "use_cases/returns/returns_flow.hpp"
#include "use_cases/returns/returns_store.hpp"

namespace chatkit::use_cases {

// The run requests: show the current step's card, or the history, once the reply is written.
struct ShowReturnsCard {};
struct ShowReturnHistory {};

server::Tools returns_tools(ReturnsStore& store);

namespace returns {
// The draft as the model reads it: {"draft_id", "step", "customer", "order_number", "items", ...}.
nlohmann::json draft_json(const CardFacts& facts);
// The lines of `order` that `text` names ("the headphones", "headphones and lamp"), by words of
// their product names. Throws ToolError naming the order's items when a part names none.
std::vector<std::int64_t> lines_named(const Order& order, std::string_view text);
}  // namespace returns

}  // namespace chatkit::use_cases
