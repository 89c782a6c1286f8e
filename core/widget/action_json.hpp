#pragma once
// A widget's action object ({"type", "payload"}) for an ActionType: what a card builder puts in
// onClickAction, onSubmitAction or onChangeAction. The payload is encoded by core's codec from the
// same struct the action table decodes it to. Include from .cpp files (it instantiates the codec).
#include <nlohmann/json.hpp>

#include "core/protocol/codec.hpp"
#include "core/widget/action_type.hpp"

namespace chatkit::widget {

template <class Payload>
nlohmann::json action_json(ActionType<Payload> action, const Payload& payload = {}) {
  nlohmann::json out = {{"type", action.type}};
  nlohmann::json encoded = codec::encode(payload);
  if (encoded.is_object() && !encoded.empty()) out["payload"] = std::move(encoded);
  return out;
}

}  // namespace chatkit::widget
