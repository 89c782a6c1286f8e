#pragma once
// Thread items (docs/PROTOCOL.md §3.5): everything a thread holds, discriminated by `type`.
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/protocol/attachments.hpp"
#include "core/protocol/content.hpp"
#include "core/protocol/widget_json.hpp"
#include "core/protocol/workflow.hpp"
#include "core/result.hpp"

namespace chatkit {

struct ItemBase {
  std::string id;
  std::string thread_id;
  Timestamp created_at;
  template <class S, class V>
  static void base_fields(S& s, V& v) {
    v.required("id", s.id);
    v.required("thread_id", s.thread_id);
    v.required("created_at", s.created_at);
  }
};

struct UserMessageItem : ItemBase {
  static constexpr std::string_view kType = "user_message";
  std::vector<UserMessageContent> content;
  std::vector<Attachment> attachments;
  std::optional<std::string> quoted_text;
  InferenceOptions inference_options;
  template <class S, class V>
  static void fields(S& s, V& v) {
    base_fields(s, v);
    v.required("content", s.content);
    v.defaulted("attachments", s.attachments);
    v.optional("quoted_text", s.quoted_text);
    v.required("inference_options", s.inference_options);
  }
};

struct AssistantMessageItem : ItemBase {
  static constexpr std::string_view kType = "assistant_message";
  std::vector<AssistantMessageContent> content;
  template <class S, class V>
  static void fields(S& s, V& v) {
    base_fields(s, v);
    v.required("content", s.content);
  }
};

enum class ClientToolCallStatus { pending, completed };

struct ClientToolCallItem : ItemBase {
  static constexpr std::string_view kType = "client_tool_call";
  ClientToolCallStatus status = ClientToolCallStatus::pending;
  std::string call_id;
  std::string name;
  json arguments = json::object();
  json output;  // null when absent
  template <class S, class V>
  static void fields(S& s, V& v) {
    base_fields(s, v);
    v.defaulted("status", s.status);
    v.required("call_id", s.call_id);
    v.required("name", s.name);
    v.required("arguments", s.arguments);
    v.optional("output", s.output);
  }
};

struct WidgetItem : ItemBase {
  static constexpr std::string_view kType = "widget";
  WidgetRoot widget;
  std::optional<std::string> copy_text;
  template <class S, class V>
  static void fields(S& s, V& v) {
    base_fields(s, v);
    v.required("widget", s.widget);
    v.optional("copy_text", s.copy_text);
  }
};

struct GeneratedImage {
  std::string id;
  std::string url;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("id", s.id);
    v.required("url", s.url);
  }
};

struct GeneratedImageItem : ItemBase {
  static constexpr std::string_view kType = "generated_image";
  std::optional<GeneratedImage> image;  // absent while generating
  template <class S, class V>
  static void fields(S& s, V& v) {
    base_fields(s, v);
    v.optional("image", s.image);
  }
};

struct StructuredAnswer {
  std::vector<std::string> values;
  bool skipped = false;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.defaulted("values", s.values);
    v.defaulted("skipped", s.skipped);
  }
};

struct ChoiceOption {
  std::string value;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("value", s.value); }
};

struct MultipleChoiceInput {
  static constexpr std::string_view kType = "multiple_choice";
  std::string id;
  std::string question;
  std::optional<StructuredAnswer> answer;
  std::vector<ChoiceOption> options;
  bool multiple = false;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("id", s.id);
    v.required("question", s.question);
    v.optional("answer", s.answer);
    v.required("options", s.options);
    v.defaulted("multiple", s.multiple);
  }
};

struct FreeformInput {
  static constexpr std::string_view kType = "freeform";
  std::string id;
  std::string question;
  std::optional<StructuredAnswer> answer;
  std::optional<std::string> description;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("id", s.id);
    v.required("question", s.question);
    v.optional("answer", s.answer);
    v.optional("description", s.description);
  }
};

using StructuredInput = std::variant<MultipleChoiceInput, FreeformInput>;

enum class StructuredInputStatus { pending, answered, skipped };

struct StructuredInputItem : ItemBase {
  static constexpr std::string_view kType = "structured_input";
  StructuredInputStatus status = StructuredInputStatus::pending;
  std::vector<StructuredInput> inputs;
  template <class S, class V>
  static void fields(S& s, V& v) {
    base_fields(s, v);
    v.defaulted("status", s.status);
    v.required("inputs", s.inputs);
  }
};

struct WorkflowItem : ItemBase {
  static constexpr std::string_view kType = "workflow";
  Workflow workflow;
  template <class S, class V>
  static void fields(S& s, V& v) {
    base_fields(s, v);
    v.required("workflow", s.workflow);
  }
};

struct TaskItem : ItemBase {
  static constexpr std::string_view kType = "task";
  Task task;
  template <class S, class V>
  static void fields(S& s, V& v) {
    base_fields(s, v);
    v.required("task", s.task);
  }
};

struct EndOfTurnItem : ItemBase {
  static constexpr std::string_view kType = "end_of_turn";
  template <class S, class V>
  static void fields(S& s, V& v) { base_fields(s, v); }
};

struct HiddenContextItem : ItemBase {
  static constexpr std::string_view kType = "hidden_context_item";
  json content;
  template <class S, class V>
  static void fields(S& s, V& v) {
    base_fields(s, v);
    v.required("content", s.content);
  }
};

struct SdkHiddenContextItem : ItemBase {
  static constexpr std::string_view kType = "sdk_hidden_context";
  std::string content;
  template <class S, class V>
  static void fields(S& s, V& v) {
    base_fields(s, v);
    v.required("content", s.content);
  }
};

using ThreadItem =
    std::variant<UserMessageItem, AssistantMessageItem, ClientToolCallItem, WidgetItem, GeneratedImageItem,
                 StructuredInputItem, WorkflowItem, TaskItem, EndOfTurnItem, HiddenContextItem, SdkHiddenContextItem>;

const ItemBase& item_base(const ThreadItem& item);
ItemBase& item_base(ThreadItem& item);
std::string_view item_type(const ThreadItem& item);

// Hidden items are stored for the model but never streamed or listed (§3.5).
bool is_hidden(const ThreadItem& item);

Result<ThreadItem> decode_item(const json& j);
json encode_item(const ThreadItem& item);          // wire form
json encode_item_for_storage(const ThreadItem& item);  // keeps server-only fields
std::string encode_item_for_storage_text(const ThreadItem& item);  // its text, written directly

}  // namespace chatkit

template <>
struct chatkit::codec::EnumNames<chatkit::ClientToolCallStatus> {
  static constexpr std::array<std::string_view, 2> values = {"pending", "completed"};
};
template <>
struct chatkit::codec::EnumNames<chatkit::StructuredInputStatus> {
  static constexpr std::array<std::string_view, 3> values = {"pending", "answered", "skipped"};
};
