#pragma once
// Thread stream events (docs/PROTOCOL.md §4.1): the body of every SSE `data:` line.
#include <optional>
#include <string>
#include <variant>

#include "core/protocol/thread.hpp"
#include "core/protocol/updates.hpp"

namespace chatkit {

struct ThreadCreatedEvent {
  static constexpr std::string_view kType = "thread.created";
  Thread thread;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("thread", s.thread); }
};

struct ThreadUpdatedEvent {
  static constexpr std::string_view kType = "thread.updated";
  Thread thread;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("thread", s.thread); }
};

struct ThreadItemAddedEvent {
  static constexpr std::string_view kType = "thread.item.added";
  ThreadItem item;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("item", s.item); }
};

struct ThreadItemUpdatedEvent {
  static constexpr std::string_view kType = "thread.item.updated";
  std::string item_id;
  ThreadItemUpdate update;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("item_id", s.item_id);
    v.required("update", s.update);
  }
};

struct ThreadItemDoneEvent {
  static constexpr std::string_view kType = "thread.item.done";
  ThreadItem item;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("item", s.item); }
};

struct ThreadItemRemovedEvent {
  static constexpr std::string_view kType = "thread.item.removed";
  std::string item_id;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("item_id", s.item_id); }
};

struct ThreadItemReplacedEvent {
  static constexpr std::string_view kType = "thread.item.replaced";
  ThreadItem item;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("item", s.item); }
};

struct StreamOptions {
  bool allow_cancel = true;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("allow_cancel", s.allow_cancel); }
};

struct StreamOptionsEvent {
  static constexpr std::string_view kType = "stream_options";
  StreamOptions stream_options;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("stream_options", s.stream_options); }
};

struct ProgressUpdateEvent {
  static constexpr std::string_view kType = "progress_update";
  std::optional<IconName> icon;
  std::string text;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.optional("icon", s.icon);
    v.required("text", s.text);
  }
};

struct ClientEffectEvent {
  static constexpr std::string_view kType = "client_effect";
  std::string name;
  json data = json::object();
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("name", s.name);
    v.defaulted("data", s.data);
  }
};

struct ErrorEvent {
  static constexpr std::string_view kType = "error";
  std::string code = "custom";
  std::optional<std::string> message;
  bool allow_retry = false;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.defaulted("code", s.code);
    v.optional("message", s.message);
    v.defaulted("allow_retry", s.allow_retry);
  }
};

enum class NoticeLevel { info, warning, danger };

struct NoticeEvent {
  static constexpr std::string_view kType = "notice";
  NoticeLevel level = NoticeLevel::info;
  std::string message;  // Markdown
  std::optional<std::string> title;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("level", s.level);
    v.required("message", s.message);
    v.optional("title", s.title);
  }
};

using ThreadStreamEvent =
    std::variant<ThreadCreatedEvent, ThreadUpdatedEvent, ThreadItemAddedEvent, ThreadItemUpdatedEvent,
                 ThreadItemDoneEvent, ThreadItemRemovedEvent, ThreadItemReplacedEvent, StreamOptionsEvent,
                 ProgressUpdateEvent, ClientEffectEvent, ErrorEvent, NoticeEvent>;

std::string_view event_type(const ThreadStreamEvent& event);

Result<ThreadStreamEvent> decode_event(const json& j);
Result<ThreadStreamEvent> parse_event(std::string_view text, const JsonLimits& limits = {});
json encode_event(const ThreadStreamEvent& event);
// The compact JSON text of encode_event(), written without building a json tree (the hot path).
std::string encode_event_text(const ThreadStreamEvent& event);
// The same text, appended to `out`.
void append_event_text(std::string& out, const ThreadStreamEvent& event);

// The error event for an error code, with the table's allow_retry (§1.5a).
ErrorEvent make_error_event(ErrorCode code, std::optional<std::string> message = std::nullopt);

}  // namespace chatkit

template <>
struct chatkit::codec::EnumNames<chatkit::NoticeLevel> {
  static constexpr std::array<std::string_view, 3> values = {"info", "warning", "danger"};
};
