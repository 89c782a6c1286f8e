#include "wasm/convert.hpp"

#include "core/action_validation.hpp"
#include "core/protocol/codec.hpp"
#include "core/render/item.hpp"
#include "core/render/markdown.hpp"
#include "core/render/widget.hpp"
#include "core/widget/tree.hpp"
#include "wasm/envelope.hpp"

namespace chatkit::wasm {

std::string validate_action(const std::string& widget, const std::string& action) {
  return envelope([&] {
    const Action decoded = value_or_fail(codec::decode<Action>(parsed_or_fail(action)));
    const OfferedAction offered = value_or_fail(chatkit::validate_action(parsed_or_fail(widget, kWidgetLimits), decoded));
    return json{{"path", offered.path}, {"config", offered.config}};
  });
}

std::string render_widget(const std::string& widget, const std::string& item_id) {
  return envelope([&] {
    const json root = parsed_or_fail(widget, kWidgetLimits);
    if (!widget::is_component(root)) {
      throw Failure{make_error(ErrorCode::invalid_widget, "a widget must be a component (an object with a string type)", "$")};
    }
    return render::to_json(render::render_widget(root, item_id));
  });
}

std::string render_item(const std::string& item) {
  return envelope([&] {
    const auto node = render::render_item(value_or_fail(decode_item(parsed_or_fail(item, kWidgetLimits))));
    return node ? render::to_json(*node) : json();
  });
}

std::string render_markdown(const std::string& text) {
  return envelope([&] { return render::to_json(render::render_markdown(text)); });
}

std::string ThreadView::feed(const std::string& bytes) {
  return envelope([&] {
    json applied = json::array();
    for (const auto& message : value_or_fail(decoder_.feed(bytes))) {
      const ThreadStreamEvent event = value_or_fail(parse_event(message.data, kWidgetLimits));
      ok_or_fail(patcher_.apply(event));
      applied.push_back(encode_event(event));
    }
    return applied;
  });
}

std::string ThreadView::apply_event_json(const std::string& event) {
  return envelope([&] {
    const ThreadStreamEvent decoded = value_or_fail(parse_event(event, kWidgetLimits));
    ok_or_fail(patcher_.apply(decoded));
    return encode_event(decoded);
  });
}

std::string ThreadView::finish() {
  return envelope([&] {
    ok_or_fail(decoder_.finish());
    return json();
  });
}

std::string ThreadView::state() const {
  return envelope([&] { return encode_state(patcher_.state()); });
}

std::string ThreadView::item(const std::string& id) const {
  return envelope([&] {
    const ThreadItem* found = find_item(patcher_.state(), id);
    return found ? encode_item(*found) : json();
  });
}

std::string ThreadView::take_patches() {
  return envelope([&] {
    json ops = json::array();
    for (const render::PatchOp& op : patcher_.take_patches()) ops.push_back(render::to_json(op));
    return ops;
  });
}

std::string ThreadView::render() const {
  return envelope([&] { return render::to_json(patcher_.render()); });
}

}  // namespace chatkit::wasm
