#pragma once
// Item updates carried by thread.item.updated (docs/PROTOCOL.md §4.2).
#include <optional>
#include <string>
#include <variant>

#include "core/protocol/items.hpp"

namespace chatkit {

struct ContentPartAdded {
  static constexpr std::string_view kType = "assistant_message.content_part.added";
  std::int64_t content_index = 0;
  AssistantMessageContent content;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("content_index", s.content_index);
    v.required("content", s.content);
  }
};

struct ContentPartTextDelta {
  static constexpr std::string_view kType = "assistant_message.content_part.text_delta";
  std::int64_t content_index = 0;
  std::string delta;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("content_index", s.content_index);
    v.required("delta", s.delta);
  }
};

struct ContentPartAnnotationAdded {
  static constexpr std::string_view kType = "assistant_message.content_part.annotation_added";
  std::int64_t content_index = 0;
  std::int64_t annotation_index = 0;
  Annotation annotation;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("content_index", s.content_index);
    v.required("annotation_index", s.annotation_index);
    v.required("annotation", s.annotation);
  }
};

struct ContentPartDone {
  static constexpr std::string_view kType = "assistant_message.content_part.done";
  std::int64_t content_index = 0;
  AssistantMessageContent content;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("content_index", s.content_index);
    v.required("content", s.content);
  }
};

struct WidgetStreamingTextValueDelta {
  static constexpr std::string_view kType = "widget.streaming_text.value_delta";
  std::string component_id;
  std::string delta;
  bool done = false;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("component_id", s.component_id);
    v.required("delta", s.delta);
    v.required("done", s.done);
  }
  bool operator==(const WidgetStreamingTextValueDelta&) const = default;
};

struct WidgetRootUpdated {
  static constexpr std::string_view kType = "widget.root.updated";
  WidgetRoot widget;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("widget", s.widget); }
  bool operator==(const WidgetRootUpdated&) const = default;
};

struct WidgetComponentUpdated {
  static constexpr std::string_view kType = "widget.component.updated";
  std::string component_id;
  WidgetComponent component;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("component_id", s.component_id);
    v.required("component", s.component);
  }
  bool operator==(const WidgetComponentUpdated&) const = default;
};

struct WorkflowTaskAdded {
  static constexpr std::string_view kType = "workflow.task.added";
  std::int64_t task_index = 0;
  Task task;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("task_index", s.task_index);
    v.required("task", s.task);
  }
};

struct WorkflowTaskUpdated {
  static constexpr std::string_view kType = "workflow.task.updated";
  std::int64_t task_index = 0;
  Task task;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("task_index", s.task_index);
    v.required("task", s.task);
  }
};

struct GeneratedImageUpdated {
  static constexpr std::string_view kType = "generated_image.updated";
  GeneratedImage image;
  std::optional<double> progress;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("image", s.image);
    v.optional("progress", s.progress);
  }
};

using ThreadItemUpdate =
    std::variant<ContentPartAdded, ContentPartTextDelta, ContentPartAnnotationAdded, ContentPartDone,
                 WidgetStreamingTextValueDelta, WidgetRootUpdated, WidgetComponentUpdated, WorkflowTaskAdded,
                 WorkflowTaskUpdated, GeneratedImageUpdated>;

// The three updates a widget diff produces (core/widget/diff.hpp).
using WidgetUpdate = std::variant<WidgetStreamingTextValueDelta, WidgetRootUpdated, WidgetComponentUpdated>;

ThreadItemUpdate to_item_update(const WidgetUpdate& update);
json encode_widget_update(const WidgetUpdate& update);
Result<WidgetUpdate> decode_widget_update(const json& j);

}  // namespace chatkit
