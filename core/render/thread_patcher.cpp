#include "core/render/thread_patcher.hpp"

#include "core/render/item.hpp"
#include "core/render/widget.hpp"
#include "core/render/widget_patch.hpp"
#include "core/variant_util.hpp"

namespace chatkit::render {
namespace {

template <class T>
const T* item_as(const ThreadState& state, const std::string& id) {
  const ThreadItem* item = find_item(state, id);
  return item == nullptr ? nullptr : std::get_if<T>(item);
}

MarkdownOptions markdown_options(const Thread& thread) {
  return MarkdownOptions{.allowed_image_domains = thread.allowed_image_domains.value_or(std::vector<std::string>{})};
}

// The id of the nearest visible item before `id` in display order.
std::optional<std::string> previous_visible(const ThreadState& state, const std::string& id) {
  std::optional<std::string> previous;
  for (const ThreadItem& item : state.items) {
    if (item_base(item).id == id) return previous;
    if (!is_hidden(item)) previous = item_base(item).id;
  }
  return previous;
}

}  // namespace

Status ThreadPatcher::apply(const ThreadStreamEvent& event) {
  static_assert(std::variant_size_v<ThreadStreamEvent> == 12, "patch every event");
  return std::visit(Overloaded{
                        [&](const ThreadCreatedEvent&) { return on_thread(event); },
                        [&](const ThreadUpdatedEvent&) { return on_thread(event); },
                        [&](const ThreadItemAddedEvent& e) { return on_item_written(event, item_base(e.item).id); },
                        [&](const ThreadItemUpdatedEvent& e) { return on_item_updated(event, e); },
                        [&](const ThreadItemDoneEvent& e) { return on_item_written(event, item_base(e.item).id); },
                        [&](const ThreadItemRemovedEvent& e) { return on_item_removed(event, e.item_id); },
                        [&](const ThreadItemReplacedEvent& e) { return on_item_written(event, item_base(e.item).id); },
                        [&](const StreamOptionsEvent&) { return on_transient(event); },
                        [&](const ProgressUpdateEvent&) { return on_transient(event); },
                        [&](const ClientEffectEvent&) { return on_transient(event); },
                        [&](const ErrorEvent&) { return on_transient(event); },
                        [&](const NoticeEvent&) { return on_transient(event); },
                    },
                    event);
}

std::vector<PatchOp> ThreadPatcher::take_patches() { return std::exchange(ops_, {}); }

std::vector<Node> ThreadPatcher::render() const {
  std::vector<Node> nodes;
  for (const ThreadItem& item : state_.items) {
    if (auto node = render_item(item, markdown_)) nodes.push_back(std::move(*node));
  }
  return nodes;
}

Status ThreadPatcher::on_thread(const ThreadStreamEvent& event) {
  if (auto status = apply_event(state_, event); !status) return status;
  ops_.push_back(ThreadOp{encode_thread(*state_.thread)});
  use_thread_options();
  return ok_status();
}

// Images of items already shown may now load, or no longer: those items are replaced.
void ThreadPatcher::use_thread_options() {
  MarkdownOptions options = markdown_options(*state_.thread);
  if (options == markdown_) return;
  const MarkdownOptions before = std::exchange(markdown_, std::move(options));
  streams_.clear();  // their blocks were rendered with the old options
  for (const ThreadItem& item : state_.items) {
    auto node = render_item(item, markdown_);
    if (node && !(*node == *render_item(item, before))) replace_item(item);
  }
}

Status ThreadPatcher::on_transient(const ThreadStreamEvent& event) {
  if (auto status = apply_event(state_, event); !status) return status;
  ops_.push_back(EventOp{encode_event(event)});
  return ok_status();
}

// added, done, replaced: a new item is inserted, a known one patched where it changed.
Status ThreadPatcher::on_item_written(const ThreadStreamEvent& event, const std::string& id) {
  std::optional<ThreadItem> before;
  if (const ThreadItem* known = find_item(state_, id)) before = *known;
  if (auto status = apply_event(state_, event); !status) return status;
  const ThreadItem& after = *find_item(state_, id);
  forget_cached(id);
  const bool was_visible = before && !is_hidden(*before);
  if (!was_visible) {
    if (!is_hidden(after)) insert_item(after);
  } else if (is_hidden(after)) {
    ops_.push_back(RemoveOp{id});
  } else {
    diff_items(*before, after);
  }
  return ok_status();
}

Status ThreadPatcher::on_item_removed(const ThreadStreamEvent& event, const std::string& id) {
  const ThreadItem* known = find_item(state_, id);
  const bool was_visible = known != nullptr && !is_hidden(*known);
  if (auto status = apply_event(state_, event); !status) return status;
  forget_cached(id);
  if (was_visible) ops_.push_back(RemoveOp{id});
  return ok_status();
}

Status ThreadPatcher::on_item_updated(const ThreadStreamEvent& event, const ThreadItemUpdatedEvent& updated) {
  static_assert(std::variant_size_v<ThreadItemUpdate> == 10, "patch every item update");
  const std::string& id = updated.item_id;
  return std::visit(
      Overloaded{
          [&](const ContentPartTextDelta& u) { return on_text_delta(event, id, u); },
          [&](const ContentPartAdded& u) { return on_part_changed(event, id, u.content_index); },
          [&](const ContentPartAnnotationAdded& u) { return on_part_changed(event, id, u.content_index); },
          [&](const ContentPartDone& u) { return on_part_changed(event, id, u.content_index); },
          [&](const WidgetStreamingTextValueDelta&) { return on_widget_update(event, id, updated.update); },
          [&](const WidgetRootUpdated&) { return on_widget_root(event, id); },
          [&](const WidgetComponentUpdated&) { return on_widget_update(event, id, updated.update); },
          [&](const WorkflowTaskAdded&) { return on_item_changed(event, id); },
          [&](const WorkflowTaskUpdated&) { return on_item_changed(event, id); },
          [&](const GeneratedImageUpdated&) { return on_item_changed(event, id); },
      },
      updated.update);
}

// A text delta touches only the tail of its content part (streaming_text.hpp).
Status ThreadPatcher::on_text_delta(const ThreadStreamEvent& event, const std::string& id, const ContentPartTextDelta& delta) {
  const auto* message = item_as<AssistantMessageItem>(state_, id);
  const std::size_t parts_before = message == nullptr ? 0 : message->content.size();
  if (auto status = apply_event(state_, event); !status) return status;
  const auto& after = *item_as<AssistantMessageItem>(state_, id);
  const auto index = static_cast<std::size_t>(delta.content_index);
  if (index >= parts_before) {  // the part was created (and maybe others padded) by this delta
    forget_cached(id);
    replace_item(ThreadItem(after));
    return ok_status();
  }
  const std::string key = part_key(id, index);
  auto stream = streams_.find(key);
  if (stream == streams_.end()) {
    const std::string& text = after.content[index].text;
    stream = streams_.emplace(key, StreamingText(key, text.substr(0, text.size() - delta.delta.size()), markdown_)).first;
  }
  stream->second.append(delta.delta, ops_);
  return ok_status();
}

// content_part.added / done / annotation_added: the part is replaced, or inserted when new.
Status ThreadPatcher::on_part_changed(const ThreadStreamEvent& event, const std::string& id, std::int64_t content_index) {
  const auto* message = item_as<AssistantMessageItem>(state_, id);
  const std::size_t parts_before = message == nullptr ? 0 : message->content.size();
  if (auto status = apply_event(state_, event); !status) return status;
  const auto& after = *item_as<AssistantMessageItem>(state_, id);
  const auto index = static_cast<std::size_t>(content_index);
  const std::string key = part_key(id, index);
  streams_.erase(key);
  Node node = render_content_part(id, index, after.content[index], markdown_);
  if (index < parts_before) {
    ops_.push_back(ReplaceOp{key, std::move(node)});
  } else if (index == parts_before) {
    std::optional<std::string> after_key;
    if (index > 0) after_key = part_key(id, index - 1);
    ops_.push_back(InsertOp{key, id, after_key, std::move(node)});
  } else {
    forget_cached(id);
    replace_item(ThreadItem(after));  // empty parts were padded in before it
  }
  return ok_status();
}

// One component replaced or streamed into: only its element changes.
Status ThreadPatcher::on_widget_update(const ThreadStreamEvent& event, const std::string& id, const ThreadItemUpdate& update) {
  std::set<std::string, std::less<>> duplicates_before;
  if (auto cached = widget_duplicates_.find(id); cached != widget_duplicates_.end()) {
    duplicates_before = std::move(cached->second);
    widget_duplicates_.erase(cached);
  } else if (const auto* item = item_as<WidgetItem>(state_, id)) {
    duplicates_before = widget_context(item->widget.value, id).duplicate_ids;
  }
  if (auto status = apply_event(state_, event); !status) return status;
  const WidgetItem& after = *item_as<WidgetItem>(state_, id);
  WidgetContext context = widget_context(after.widget.value, id, markdown_);
  for (PatchOp& op : widget_update_ops(after, context, duplicates_before, update)) ops_.push_back(std::move(op));
  widget_duplicates_[id] = std::move(context.duplicate_ids);
  return ok_status();
}

// A new root is compared with the old one, so that it too replaces only what changed.
Status ThreadPatcher::on_widget_root(const ThreadStreamEvent& event, const std::string& id) {
  const auto* item = item_as<WidgetItem>(state_, id);
  std::optional<WidgetItem> before;
  if (item != nullptr) before = *item;
  if (auto status = apply_event(state_, event); !status) return status;
  forget_cached(id);
  for (PatchOp& op : widget_item_ops(*before, *item_as<WidgetItem>(state_, id), markdown_)) ops_.push_back(std::move(op));
  return ok_status();
}

// Workflow tasks and generated images: small items, replaced whole.
Status ThreadPatcher::on_item_changed(const ThreadStreamEvent& event, const std::string& id) {
  if (auto status = apply_event(state_, event); !status) return status;
  replace_item(*find_item(state_, id));
  return ok_status();
}

void ThreadPatcher::diff_items(const ThreadItem& before, const ThreadItem& after) {
  const auto* old_widget = std::get_if<WidgetItem>(&before);
  const auto* new_widget = std::get_if<WidgetItem>(&after);
  if (old_widget != nullptr && new_widget != nullptr) {
    for (PatchOp& op : widget_item_ops(*old_widget, *new_widget, markdown_)) ops_.push_back(std::move(op));
    return;
  }
  const auto* old_message = std::get_if<AssistantMessageItem>(&before);
  const auto* new_message = std::get_if<AssistantMessageItem>(&after);
  if (old_message != nullptr && new_message != nullptr && old_message->content.size() == new_message->content.size()) {
    for (std::size_t i = 0; i < new_message->content.size(); ++i) {
      Node node = render_content_part(new_message->id, i, new_message->content[i], markdown_);
      if (!(node == render_content_part(old_message->id, i, old_message->content[i], markdown_))) {
        ops_.push_back(ReplaceOp{part_key(new_message->id, i), std::move(node)});
      }
    }
    return;
  }
  Node node = *render_item(after, markdown_);
  if (!(node == *render_item(before, markdown_))) ops_.push_back(ReplaceOp{item_base(after).id, std::move(node)});
}

void ThreadPatcher::insert_item(const ThreadItem& item) {
  const std::string& id = item_base(item).id;
  ops_.push_back(InsertOp{id, std::nullopt, previous_visible(state_, id), *render_item(item, markdown_)});
}

void ThreadPatcher::replace_item(const ThreadItem& item) {
  ops_.push_back(ReplaceOp{item_base(item).id, *render_item(item, markdown_)});
}

void ThreadPatcher::forget_cached(const std::string& item_id) {
  widget_duplicates_.erase(item_id);
  const std::string prefix = item_id + "#";
  std::erase_if(streams_, [&](const auto& entry) { return entry.first.starts_with(prefix); });
}

}  // namespace chatkit::render
