#include "wasm/convert.hpp"

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
Result<render::MarkdownOptions> markdown_options(const std::string& options) {
  const auto parsed = parse_json(options);
  if (!parsed) return parsed.error();
  const auto refused = [] {
    return make_error(ErrorCode::invalid_request, "render options: allowedImageDomains must be an array of strings",
                      "$.allowedImageDomains");
  };
  if (!parsed->is_object()) return refused();
  render::MarkdownOptions out;
  const auto domains = parsed->find("allowedImageDomains");
  if (domains == parsed->end() || domains->is_null()) return out;
  if (!domains->is_array()) return refused();
  for (const json& domain : *domains) {
    if (!domain.is_string()) return refused();
    out.allowed_image_domains.push_back(domain.get_ref<const std::string&>());
  }
  return out;
}

}  // namespace

std::string validate_action(const std::string& widget, const std::string& action) {
  return envelope([&]() -> Result<json> {
    const auto parsed_action = parse_json(action);
    if (!parsed_action) return parsed_action.error();
    const auto decoded = codec::decode<Action>(*parsed_action);
    if (!decoded) return decoded.error();
    const auto parsed_widget = parse_json(widget, kWidgetLimits);
    if (!parsed_widget) return parsed_widget.error();
    const auto offered = chatkit::validate_action(*parsed_widget, *decoded);
    if (!offered) return offered.error();
    return json{{"path", offered->path}, {"config", offered->config}};
  });
}

std::string render_widget(const std::string& widget, const std::string& item_id, const std::string& options) {
  return envelope([&]() -> Result<json> {
    const auto root = parse_json(widget, kWidgetLimits);
    if (!root) return root.error();
    if (!widget::is_component(*root)) {
      return make_error(ErrorCode::invalid_widget, "a widget must be a component (an object with a string type)", "$");
    }
    const auto markdown = markdown_options(options);
    if (!markdown) return markdown.error();
    return render::to_json(render::render_widget(*root, item_id, *markdown));
  });
}

std::string render_item(const std::string& item, const std::string& options) {
  return envelope([&]() -> Result<json> {
    const auto parsed = parse_json(item, kWidgetLimits);
    if (!parsed) return parsed.error();
    const auto decoded = decode_item(*parsed);
    if (!decoded) return decoded.error();
    const auto markdown = markdown_options(options);
    if (!markdown) return markdown.error();
    const auto node = render::render_item(*decoded, *markdown);
    return node ? render::to_json(*node) : json();
  });
}

std::string render_markdown(const std::string& text, const std::string& options) {
  return envelope([&]() -> Result<json> {
    const auto markdown = markdown_options(options);
    if (!markdown) return markdown.error();
    return render::to_json(render::render_markdown(text, *markdown));
  });
}

std::string ThreadView::feed(const std::string& bytes) {
  return envelope([&]() -> Result<json> {
    const auto messages = decoder_.feed(bytes);
    if (!messages) return messages.error();
    int applied = 0;
    for (const auto& message : *messages) {
      const auto event = parse_event(message.data, kWidgetLimits);
      if (!event) return event.error();
      if (auto status = patcher_.apply(*event); !status) return status.error();
      last_event_id_ = message.id;
      ++applied;
    }
    return json(applied);
  });
}

std::string ThreadView::apply_event_json(const std::string& event) {
  return envelope([&]() -> Result<json> {
    const auto parsed = parse_event(event, kWidgetLimits);
    if (!parsed) return parsed.error();
    if (auto status = patcher_.apply(*parsed); !status) return status.error();
    return json();
  });
}

std::string ThreadView::load(const std::string& thread, const std::string& items) {
  return envelope([&]() -> Result<json> {
    const auto parsed_thread = parse_json(thread, kWidgetLimits);
    if (!parsed_thread) return parsed_thread.error();
    const auto parsed_items = parse_json(items, kWidgetLimits);
    if (!parsed_items) return parsed_items.error();
    if (!parsed_items->is_array()) return make_error(ErrorCode::invalid_request, "items must be an array", "$");
    if (!parsed_thread->is_null()) {
      auto shown = decode_thread(*parsed_thread);
      if (!shown) return shown.error();
      shown->items = {};  // the items come apart, as a page: the thread's own list would be applied twice
      if (auto status = patcher_.apply(ThreadStreamEvent{ThreadUpdatedEvent{std::move(*shown)}}); !status) {
        return status.error();
      }
    }
    for (std::size_t i = 0; i < parsed_items->size(); ++i) {
      auto item = decode_item((*parsed_items)[i]);
      if (!item) {
        Error error = item.error();
        error.path = "$[" + std::to_string(i) + "]" + (error.path.size() > 1 ? error.path.substr(1) : "");
        return error;
      }
      if (auto status = patcher_.apply(ThreadStreamEvent{ThreadItemDoneEvent{std::move(*item)}}); !status) {
        return status.error();
      }
    }
    return json();
  });
}

std::string ThreadView::finish() {
  return envelope([&]() -> Result<json> {
    if (auto status = decoder_.finish(); !status) return status.error();
    return json();
  });
}

std::string ThreadView::state() const {
  return envelope([&]() -> Result<json> { return encode_state(patcher_.state()); });
}

std::string ThreadView::item(const std::string& id) const {
  return envelope([&]() -> Result<json> {
    const ThreadItem* found = find_item(patcher_.state(), id);
    return found ? encode_item(*found) : json();
  });
}

std::string ThreadView::take_patches() {
  return envelope([&]() -> Result<json> {
    json ops = json::array();
    for (const render::PatchOp& op : patcher_.take_patches()) ops.push_back(render::to_json(op));
    return ops;
  });
}

std::string ThreadView::render() const {
  return envelope([&]() -> Result<json> { return render::to_json(patcher_.render()); });
}

}  // namespace chatkit::wasm
