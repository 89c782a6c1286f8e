#pragma once
// Requests (docs/PROTOCOL.md §2): one struct per `type`, grouped into the streaming and the JSON unions.
// Whether a request streams is decided here, once, by which union lists it.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/protocol/items.hpp"
#include "core/protocol/thread.hpp"
#include "core/variant_util.hpp"

namespace chatkit {

template <std::size_t N>
struct FixedString {
  char chars[N]{};
  constexpr FixedString(const char (&text)[N]) {  // NOLINT: implicit for template arguments
    for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
  }
  constexpr std::string_view view() const { return {chars, N - 1}; }
};

// Every request: {"type": ..., "params": {...} (required, even when empty), "metadata": {...}}.
template <FixedString Type, class Params>
struct RequestOf {
  static constexpr std::string_view kType = Type.view();
  Params params;
  json metadata = json::object();
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("params", s.params);
    v.defaulted("metadata", s.metadata);
  }
};

struct UserMessageInput {
  std::vector<UserMessageContent> content;
  std::vector<std::string> attachments;  // ids; the reference requires the key, we accept it missing
  std::optional<std::string> quoted_text;
  InferenceOptions inference_options;    // likewise
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("content", s.content);
    v.defaulted("attachments", s.attachments);
    v.optional("quoted_text", s.quoted_text);
    v.defaulted("inference_options", s.inference_options);
  }
};

struct Action {
  std::string type;
  json payload;  // any JSON; null when absent. Extra keys (handler, loadingBehavior, ...) are ignored.
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("type", s.type);
    v.optional("payload", s.payload);
  }
};

enum class SubmissionStatus { answered, skipped };

struct StructuredInputSubmission {
  SubmissionStatus status = SubmissionStatus::answered;
  std::map<std::string, StructuredAnswer> answers;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.defaulted("status", s.status);
    v.defaulted("answers", s.answers);
  }
};

struct CreateThreadParams {
  UserMessageInput input;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("input", s.input); }
};
struct AddUserMessageParams {
  std::string thread_id;
  UserMessageInput input;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("thread_id", s.thread_id);
    v.required("input", s.input);
  }
};
struct AddClientToolOutputParams {
  std::string thread_id;
  json result;  // any JSON, null included, but the key is required
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("thread_id", s.thread_id);
    v.required("result", s.result);
  }
};
struct AddStructuredInputParams {
  std::string thread_id;
  std::string item_id;
  StructuredInputSubmission input;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("thread_id", s.thread_id);
    v.required("item_id", s.item_id);
    v.required("input", s.input);
  }
};
struct ThreadItemParams {  // retry_after_item
  std::string thread_id;
  std::string item_id;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("thread_id", s.thread_id);
    v.required("item_id", s.item_id);
  }
};
struct CustomActionParams {
  std::string thread_id;
  std::optional<std::string> item_id;
  Action action;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("thread_id", s.thread_id);
    v.optional("item_id", s.item_id);
    v.required("action", s.action);
  }
};
struct ThreadIdParams {
  std::string thread_id;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("thread_id", s.thread_id); }
};
struct ListThreadsParams {
  std::optional<std::int64_t> limit;  // null or 0 means the default page size
  SortOrder order = SortOrder::desc;
  std::optional<std::string> after;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.optional("limit", s.limit);
    v.defaulted("order", s.order);
    v.optional("after", s.after);
  }
};
struct ListItemsParams {
  std::string thread_id;
  std::optional<std::int64_t> limit;
  SortOrder order = SortOrder::desc;
  std::optional<std::string> after;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("thread_id", s.thread_id);
    v.optional("limit", s.limit);
    v.defaulted("order", s.order);
    v.optional("after", s.after);
  }
};
struct UpdateThreadParams {
  std::string thread_id;
  std::string title;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("thread_id", s.thread_id);
    v.required("title", s.title);
  }
};
struct FeedbackParams {
  std::string thread_id;
  std::vector<std::string> item_ids;
  FeedbackKind kind = FeedbackKind::positive;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("thread_id", s.thread_id);
    v.required("item_ids", s.item_ids);
    v.required("kind", s.kind);
  }
};
struct CreateAttachmentParams {
  std::string name;
  std::int64_t size = 0;
  std::string mime_type;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("name", s.name);
    v.required("size", s.size);
    v.required("mime_type", s.mime_type);
  }
};
struct DeleteAttachmentParams {
  std::string attachment_id;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("attachment_id", s.attachment_id); }
};
struct TranscribeParams {
  std::string audio_base64;
  std::string mime_type;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("audio_base64", s.audio_base64);
    v.required("mime_type", s.mime_type);
  }
};

using CreateThread = RequestOf<"threads.create", CreateThreadParams>;
using AddUserMessage = RequestOf<"threads.add_user_message", AddUserMessageParams>;
using AddClientToolOutput = RequestOf<"threads.add_client_tool_output", AddClientToolOutputParams>;
using AddStructuredInput = RequestOf<"threads.add_structured_input", AddStructuredInputParams>;
using RetryAfterItem = RequestOf<"threads.retry_after_item", ThreadItemParams>;
using CustomAction = RequestOf<"threads.custom_action", CustomActionParams>;
using SyncCustomAction = RequestOf<"threads.sync_custom_action", CustomActionParams>;
using GetThreadById = RequestOf<"threads.get_by_id", ThreadIdParams>;
using ListThreads = RequestOf<"threads.list", ListThreadsParams>;
using ListItems = RequestOf<"items.list", ListItemsParams>;
using UpdateThread = RequestOf<"threads.update", UpdateThreadParams>;
using DeleteThread = RequestOf<"threads.delete", ThreadIdParams>;
using SubmitFeedback = RequestOf<"items.feedback", FeedbackParams>;
using CreateAttachment = RequestOf<"attachments.create", CreateAttachmentParams>;
using DeleteAttachment = RequestOf<"attachments.delete", DeleteAttachmentParams>;
using Transcribe = RequestOf<"input.transcribe", TranscribeParams>;

// Answered with an SSE stream.
using StreamingRequest = std::variant<CreateThread, AddUserMessage, AddClientToolOutput, AddStructuredInput,
                                      RetryAfterItem, CustomAction>;
// Answered with one JSON body.
using JsonRequest = std::variant<SyncCustomAction, GetThreadById, ListThreads, ListItems, UpdateThread,
                                 DeleteThread, SubmitFeedback, CreateAttachment, DeleteAttachment, Transcribe>;
using Request = VariantCat<StreamingRequest, JsonRequest>;

template <class R>
inline constexpr bool kIsStreaming = VariantHas<StreamingRequest, R>;

bool is_streaming(const Request& request);
// The union a request belongs to: the server answers the first with a stream, the second with JSON.
using SplitRequest = std::variant<StreamingRequest, JsonRequest>;
SplitRequest split_request(Request request);
std::string_view request_type(const Request& request);

// Parses and validates a request body. Errors carry the JSON path and the reason.
Result<Request> parse_request(std::string_view body, const JsonLimits& limits = {});
Result<Request> decode_request(const json& j);
json encode_request(const Request& request);

// Page-size rule of §2.9/§2.10: null or 0 means 20.
inline constexpr std::int64_t kDefaultPageSize = 20;
std::int64_t effective_limit(const std::optional<std::int64_t>& limit);

}  // namespace chatkit

template <>
struct chatkit::codec::EnumNames<chatkit::SubmissionStatus> {
  static constexpr std::array<std::string_view, 2> values = {"answered", "skipped"};
};
