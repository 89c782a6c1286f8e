#pragma once
// A use case's widget actions as one table: action type -> payload struct -> handler. The table
// runs a click (UseCase::action) and explains a stale one (UseCase::explain_stale_action) from the
// same entries, so the two can never disagree about which actions exist or what they carry; the
// card builders name the same widget::ActionType constants (core/widget/action_json.hpp).
//
//   actions_.on(kDeleteTodo, [this](const kit::ActionCall<TodoRef>& call) -> server::awaitable<void> {...},
//               [this](const TodoRef& ref, const RequestContext& who) { return gone_note(ref, who); });
//
// By the time a handler runs, the server has checked that the sender widget really offered this
// action (core's validate_action); the table then decodes the payload with core's codec, and a payload
// that does not decode ends the stream with an error naming the field. Include from .cpp files: the
// decoding instantiates the codec.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/protocol/codec.hpp"
#include "core/protocol/requests.hpp"
#include "core/widget/action_type.hpp"
#include "server/chatkit/turn.hpp"
#include "server/common/async.hpp"

namespace chatkit::server::kit {

// One click, as its handler sees it: the decoded payload beside the raw action and its sender.
template <class Payload>
struct ActionCall {
  Turn& turn;
  const Payload& payload;
  const Action& action;
  const std::optional<WidgetItem>& sender;
};

template <class Payload>
using ActionHandler = std::function<awaitable<void>(const ActionCall<Payload>&)>;
// The note for a click on an outdated copy of a widget, or nullopt when the refusal should stand.
template <class Payload>
using StaleNote = std::function<std::optional<std::string>(const Payload&, const RequestContext&)>;

class ActionTable {
 public:
  // `owner` names the widgets in messages: "the todo card".
  explicit ActionTable(std::string owner) : owner_(std::move(owner)) {}

  // The payload type comes from the ActionType alone: handlers may be plain lambdas.
  template <class Payload>
  ActionTable& on(widget::ActionType<Payload> type, std::type_identity_t<ActionHandler<Payload>> handler,
                  std::type_identity_t<StaleNote<Payload>> stale = {});

  // Decodes the payload and runs the handler; StreamError for an action the table does not have or
  // a payload that does not decode.
  awaitable<void> run(Turn& turn, const Action& action, const std::optional<WidgetItem>& sender) const;
  // The entry's stale note; nullopt for an unknown action, a payload that does not decode, or an
  // entry without a note.
  std::optional<std::string> explain_stale(const Action& action, const RequestContext& context) const;
  bool handles(std::string_view type) const { return entries_.contains(type); }
  std::vector<std::string_view> types() const;

 private:
  using Run = std::function<awaitable<void>(Turn&, const Action&, const std::optional<WidgetItem>&)>;
  using Explain = std::function<std::optional<std::string>(const Action&, const RequestContext&)>;
  struct Entry {
    Run run;
    Explain explain;
  };
  // The payload decoded, or the failure's words ("$.id: expected an integer").
  template <class Payload>
  static Result<Payload> decode_payload(const Action& action);
  template <class Payload>
  static awaitable<void> run_decoded(const ActionHandler<Payload>& handler, const std::string& owner, Turn& turn,
                                     const Action& action, const std::optional<WidgetItem>& sender);
  [[noreturn]] static void refuse_payload(const std::string& owner, const Action& action, const Error& error);

  std::string owner_;
  std::map<std::string, Entry, std::less<>> entries_;  // nodes never move: runs keep references into them
};

template <class Payload>
Result<Payload> ActionTable::decode_payload(const Action& action) {
  // An action with no payload decodes as an empty object: a struct of optional fields accepts it.
  return codec::decode<Payload>(action.payload.is_null() ? nlohmann::json::object() : action.payload);
}

template <class Payload>
awaitable<void> ActionTable::run_decoded(const ActionHandler<Payload>& handler, const std::string& owner, Turn& turn,
                                         const Action& action, const std::optional<WidgetItem>& sender) {
  auto decoded = decode_payload<Payload>(action);
  if (!decoded) refuse_payload(owner, action, decoded.error());
  const Payload payload = std::move(*decoded);
  const ActionCall<Payload> call{.turn = turn, .payload = payload, .action = action, .sender = sender};
  co_await handler(call);
}

template <class Payload>
ActionTable& ActionTable::on(widget::ActionType<Payload> type, std::type_identity_t<ActionHandler<Payload>> handler,
                             std::type_identity_t<StaleNote<Payload>> stale) {
  // The handler lives in the entry, and a running click refers to it there (map nodes are stable).
  auto& slot = entries_[std::string(type.type)];
  slot.run = [handler = std::move(handler), owner = owner_](Turn& turn, const Action& action,
                                                             const std::optional<WidgetItem>& sender) {
    return run_decoded<Payload>(handler, owner, turn, action, sender);
  };
  if (stale) {
    slot.explain = [stale = std::move(stale)](const Action& action, const RequestContext& context)
        -> std::optional<std::string> {
      auto decoded = decode_payload<Payload>(action);
      if (!decoded) return std::nullopt;
      return stale(*decoded, context);
    };
  }
  return *this;
}

}  // namespace chatkit::server::kit
