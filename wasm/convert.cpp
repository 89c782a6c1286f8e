#include "wasm/convert.hpp"

#include <algorithm>

#include "core/action_validation.hpp"
#include "core/protocol/codec.hpp"
#include "core/render/item.hpp"
#include "core/render/markdown.hpp"
#include "core/render/widget.hpp"
#include "core/widget/tree.hpp"
#include "wasm/envelope.hpp"

namespace chatkit::wasm {
namespace {

// {"allowedImageDomains"?: string[] | null}
render::MarkdownOptions markdown_options(const std::string& options) {
  const json parsed = parsed_or_fail(options);
  json domains = parsed.is_object() ? parsed.value("allowedImageDomains", json()) : json(false);
  if (domains.is_null()) domains = json::array();
  if (!domains.is_array() || !std::all_of(domains.begin(), domains.end(), [](const json& d) { return d.is_string(); })) {
    throw Failure{make_error(ErrorCode::invalid_request, "render options: allowedImageDomains must be an array of strings",
                             "$.allowedImageDomains")};
  }
  return {.allowed_image_domains = domains.get<std::vector<std::string>>()};
}

}  // namespace

std::string validate_action(const std::string& widget, const std::string& action) {
  return envelope([&] {
    const Action decoded = value_or_fail(codec::decode<Action>(parsed_or_fail(action)));
    const OfferedAction offered = value_or_fail(chatkit::validate_action(parsed_or_fail(widget, kWidgetLimits), decoded));
    return json{{"path", offered.path}, {"config", offered.config}};
  });
}

std::string render_widget(const std::string& widget, const std::string& item_id, const std::string& options) {
  return envelope([&] {
    const json root = parsed_or_fail(widget, kWidgetLimits);
    if (!widget::is_component(root)) {
      throw Failure{make_error(ErrorCode::invalid_widget, "a widget must be a component (an object with a string type)", "$")};
    }
    return render::to_json(render::render_widget(root, item_id, markdown_options(options)));
  });
}

std::string render_item(const std::string& item, const std::string& options) {
  return envelope([&] {
    const ThreadItem decoded = value_or_fail(decode_item(parsed_or_fail(item, kWidgetLimits)));
    const auto node = render::render_item(decoded, markdown_options(options));
    return node ? render::to_json(*node) : json();
  });
}

std::string render_markdown(const std::string& text, const std::string& options) {
  return envelope([&] { return render::to_json(render::render_markdown(text, markdown_options(options))); });
}

std::string ThreadView::feed(const std::string& bytes) {
  return envelope([&] {
    int applied = 0;
    for (const auto& message : value_or_fail(decoder_.feed(bytes))) {
      ok_or_fail(patcher_.apply(value_or_fail(parse_event(message.data, kWidgetLimits))));
      ++applied;
    }
    return json(applied);
  });
}

std::string ThreadView::apply_event_json(const std::string& event) {
  return envelope([&] {
    ok_or_fail(patcher_.apply(value_or_fail(parse_event(event, kWidgetLimits))));
    return json();
  });
}

std::string ThreadView::load(const std::string& thread, const std::string& items) {
  return envelope([&] {
    const json parsed_thread = parsed_or_fail(thread, kWidgetLimits);
    const json parsed_items = parsed_or_fail(items, kWidgetLimits);
    if (!parsed_items.is_array()) throw Failure{make_error(ErrorCode::invalid_request, "items must be an array", "$")};
    if (!parsed_thread.is_null()) {
      Thread shown = value_or_fail(decode_thread(parsed_thread));
      shown.items = {};  // the items come apart, as a page: the thread's own list would be applied twice
      ok_or_fail(patcher_.apply(ThreadStreamEvent{ThreadUpdatedEvent{std::move(shown)}}));
    }
    for (std::size_t i = 0; i < parsed_items.size(); ++i) {
      auto item = decode_item(parsed_items[i]);
      if (!item) {
        Error error = item.error();
        error.path = "$[" + std::to_string(i) + "]" + (error.path.size() > 1 ? error.path.substr(1) : "");
        throw Failure{std::move(error)};
      }
      ok_or_fail(patcher_.apply(ThreadStreamEvent{ThreadItemDoneEvent{std::move(*item)}}));
    }
    return json();
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
