#include "server/kit/action_table.hpp"

#include "server/chatkit/stream_error.hpp"

namespace chatkit::server::kit {

awaitable<void> ActionTable::run(Turn& turn, const Action& action, const std::optional<WidgetItem>& sender) const {
  const auto found = entries_.find(action.type);
  if (found == entries_.end()) throw StreamError::custom("The " + owner_ + " has no action '" + action.type + "'.");
  co_await found->second.run(turn, action, sender);
}

std::optional<std::string> ActionTable::explain_stale(const Action& action, const RequestContext& context) const {
  const auto found = entries_.find(action.type);
  if (found == entries_.end() || !found->second.explain) return std::nullopt;
  return found->second.explain(action, context);
}

std::vector<std::string_view> ActionTable::types() const {
  std::vector<std::string_view> names;
  for (const auto& [name, entry] : entries_) names.push_back(name);
  return names;
}

void ActionTable::refuse_payload(const std::string& owner, const Action& action, const Error& error) {
  const std::string where = error.path.empty() ? "" : " (" + error.path + ")";
  throw StreamError::custom("The " + owner + "'s '" + action.type + "' action came with a payload it cannot use: " +
                            error.message + where + ".");
}

}  // namespace chatkit::server::kit
