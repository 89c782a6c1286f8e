#include "core/reducer.hpp"

#include <algorithm>

#include "core/variant_util.hpp"
#include "core/widget/apply.hpp"

namespace chatkit {
namespace {

Error refuse(std::string message) { return make_error(ErrorCode::invalid_event, std::move(message)); }

Error wrong_target(std::string_view update, const ThreadItem& item) {
  return refuse("update " + std::string(update) + " cannot apply to item " + item_base(item).id + " of type " +
                std::string(item_type(item)));
}

// Pads `content` with empty parts until `index` exists (§4.2) and returns that part.
Result<OutputTextContent*> part_at(AssistantMessageItem& message, std::int64_t index) {
  if (index < 0 || index >= kMaxContentParts) {
    return refuse("content_index " + std::to_string(index) + " out of range [0, " + std::to_string(kMaxContentParts) + ")");
  }
  if (message.content.size() <= static_cast<std::size_t>(index)) message.content.resize(static_cast<std::size_t>(index) + 1);
  return &message.content[static_cast<std::size_t>(index)];
}

Status apply_assistant(AssistantMessageItem& message, const ThreadItemUpdate& update) {
  return std::visit(
      Overloaded{
          [&](const ContentPartAdded& u) -> Status {
            auto part = part_at(message, u.content_index);
            if (!part) return part.error();
            **part = u.content;
            return ok_status();
          },
          [&](const ContentPartTextDelta& u) -> Status {
            auto part = part_at(message, u.content_index);
            if (!part) return part.error();
            (*part)->text += u.delta;
            return ok_status();
          },
          [&](const ContentPartAnnotationAdded& u) -> Status {
            // Checked before part_at() pads the content: a refused update changes nothing.
            if (u.annotation_index < 0 || u.annotation_index >= kMaxAnnotations) return refuse("annotation_index out of range");
            auto part = part_at(message, u.content_index);
            if (!part) return part.error();
            auto& annotations = (*part)->annotations;
            // Beyond the end means append (§4.2).
            const auto at = std::min(annotations.size(), static_cast<std::size_t>(u.annotation_index));
            annotations.insert(annotations.begin() + static_cast<std::ptrdiff_t>(at), u.annotation);
            return ok_status();
          },
          [&](const ContentPartDone& u) -> Status {
            auto part = part_at(message, u.content_index);
            if (!part) return part.error();
            **part = u.content;
            return ok_status();
          },
          [&](const auto&) -> Status { return make_error(ErrorCode::internal, "not an assistant update"); },
      },
      update);
}

Status apply_workflow(WorkflowItem& item, const ThreadItemUpdate& update) {
  auto& tasks = item.workflow.tasks;
  if (const auto* added = std::get_if<WorkflowTaskAdded>(&update)) {
    tasks.push_back(added->task);  // the reference appends; task_index is where it lands
    return ok_status();
  }
  const auto& updated = std::get<WorkflowTaskUpdated>(update);
  if (updated.task_index < 0 || static_cast<std::size_t>(updated.task_index) >= tasks.size()) {
    return refuse("task_index " + std::to_string(updated.task_index) + " out of range for " +
                  std::to_string(tasks.size()) + " tasks");
  }
  tasks[static_cast<std::size_t>(updated.task_index)] = updated.task;
  return ok_status();
}

Status apply_widget(WidgetItem& item, const ThreadItemUpdate& update) {
  return std::visit(
      Overloaded{
          [&](const WidgetStreamingTextValueDelta& u) { return widget::apply(item.widget.value, u); },
          [&](const WidgetRootUpdated& u) { return widget::apply(item.widget.value, u); },
          [&](const WidgetComponentUpdated& u) { return widget::apply(item.widget.value, u); },
          [&](const auto&) -> Status { return make_error(ErrorCode::internal, "not a widget update"); },
      },
      update);
}

std::string_view update_type(const ThreadItemUpdate& update) {
  return std::visit([](const auto& u) { return std::decay_t<decltype(u)>::kType; }, update);
}

template <class Target, class... Updates>
bool targets(const ThreadItem& item, const ThreadItemUpdate& update) {
  return std::holds_alternative<Target>(item) && (std::holds_alternative<Updates>(update) || ...);
}

void forget_pending(ThreadState& state, std::string_view id) { std::erase(state.pending, std::string(id)); }

void upsert(ThreadState& state, const ThreadItem& item) {
  if (ThreadItem* existing = find_item(state, item_base(item).id)) {
    *existing = item;
  } else {
    state.items.push_back(item);
  }
}

Status apply_item_updated(ThreadState& state, const ThreadItemUpdatedEvent& event) {
  ThreadItem* item = find_item(state, event.item_id);
  if (item == nullptr) return refuse("thread.item.updated for unknown item " + event.item_id);
  // Every update but a widget's checks everything before it changes anything: it applies in
  // place (a streamed message would otherwise be copied whole for each delta). A widget update
  // may be refused half-way, so it goes through a copy: all or nothing.
  if (!std::holds_alternative<WidgetItem>(*item)) return apply_update(*item, event.update);
  ThreadItem updated = *item;
  if (auto status = apply_update(updated, event.update); !status) return status;
  *item = std::move(updated);
  return ok_status();
}

Thread without_items(Thread thread) {
  thread.items = Page<ThreadItem>{};
  return thread;
}

// ---- one fold per event type ------------------------------------------------------------------

Status fold(ThreadState& state, const ThreadCreatedEvent& e) {
  state.thread = without_items(e.thread);
  return ok_status();
}
Status fold(ThreadState& state, const ThreadUpdatedEvent& e) {
  state.thread = without_items(e.thread);  // its (empty) items page must not erase what we know
  return ok_status();
}
Status fold(ThreadState& state, const ThreadItemAddedEvent& e) {
  upsert(state, e.item);
  forget_pending(state, item_base(e.item).id);
  state.pending.push_back(item_base(e.item).id);
  return ok_status();
}
Status fold(ThreadState& state, const ThreadItemUpdatedEvent& e) { return apply_item_updated(state, e); }
Status fold(ThreadState& state, const ThreadItemDoneEvent& e) {
  upsert(state, e.item);
  forget_pending(state, item_base(e.item).id);
  return ok_status();
}
Status fold(ThreadState& state, const ThreadItemRemovedEvent& e) {
  // Removing an item this view never saw (history not loaded) is harmless.
  std::erase_if(state.items, [&](const ThreadItem& item) { return item_base(item).id == e.item_id; });
  forget_pending(state, e.item_id);
  return ok_status();
}
Status fold(ThreadState& state, const ThreadItemReplacedEvent& e) {
  upsert(state, e.item);
  forget_pending(state, item_base(e.item).id);
  return ok_status();
}
Status fold(ThreadState& state, const StreamOptionsEvent& e) {
  state.stream_options = e.stream_options;
  return ok_status();
}
Status fold(ThreadState& state, const ProgressUpdateEvent& e) {
  state.progress = e;
  return ok_status();
}
Status fold(ThreadState&, const ClientEffectEvent&) { return ok_status(); }  // fire-and-forget, no state
Status fold(ThreadState& state, const ErrorEvent& e) {
  state.error = e;
  return ok_status();
}
Status fold(ThreadState& state, const NoticeEvent& e) {
  state.notices.push_back(e);
  return ok_status();
}

}  // namespace

ThreadItem* find_item(ThreadState& state, std::string_view id) {
  // Updates almost always target the newest items: search from the end.
  for (auto it = state.items.rbegin(); it != state.items.rend(); ++it) {
    if (item_base(*it).id == id) return &*it;
  }
  return nullptr;
}

const ThreadItem* find_item(const ThreadState& state, std::string_view id) {
  return find_item(const_cast<ThreadState&>(state), id);
}

Status apply_update(ThreadItem& item, const ThreadItemUpdate& update) {
  if (targets<AssistantMessageItem, ContentPartAdded, ContentPartTextDelta, ContentPartAnnotationAdded, ContentPartDone>(
          item, update)) {
    return apply_assistant(std::get<AssistantMessageItem>(item), update);
  }
  if (targets<WidgetItem, WidgetStreamingTextValueDelta, WidgetRootUpdated, WidgetComponentUpdated>(item, update)) {
    return apply_widget(std::get<WidgetItem>(item), update);
  }
  if (targets<WorkflowItem, WorkflowTaskAdded, WorkflowTaskUpdated>(item, update)) {
    return apply_workflow(std::get<WorkflowItem>(item), update);
  }
  if (targets<GeneratedImageItem, GeneratedImageUpdated>(item, update)) {
    std::get<GeneratedImageItem>(item).image = std::get<GeneratedImageUpdated>(update).image;
    return ok_status();
  }
  return wrong_target(update_type(update), item);
}

Status apply_event(ThreadState& state, const ThreadStreamEvent& event) {
  // One `fold` overload per event type: a new event type without one fails to compile.
  return std::visit([&](const auto& e) { return fold(state, e); }, event);
}

std::vector<ThreadItem> items_to_persist_on_cancel(const ThreadState& state) {
  std::vector<ThreadItem> out;
  for (const auto& id : state.pending) {
    const ThreadItem* item = find_item(state, id);
    const auto* message = item ? std::get_if<AssistantMessageItem>(item) : nullptr;
    if (message == nullptr) continue;
    const bool has_text = std::any_of(message->content.begin(), message->content.end(), [](const OutputTextContent& part) {
      return part.text.find_first_not_of(" \t\r\n\f\v") != std::string::npos;
    });
    if (has_text) out.push_back(*item);
  }
  return out;
}

json encode_state(const ThreadState& state) {
  json out = json::object();
  if (state.thread) out["thread"] = encode_thread(*state.thread);
  json items = json::array();
  for (const auto& item : state.items) items.push_back(encode_item(item));
  out["items"] = std::move(items);
  return out;
}

}  // namespace chatkit
