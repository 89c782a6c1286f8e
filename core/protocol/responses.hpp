#pragma once
// Bodies of the JSON (non-streaming) responses that are not threads or pages (docs/PROTOCOL.md §2).
#include <optional>
#include <string>

#include "core/protocol/thread.hpp"

namespace chatkit {

struct SyncCustomActionResponse {
  std::optional<ThreadItem> updated_item;
  template <class S, class V>
  static void fields(S& s, V& v) { v.optional("updated_item", s.updated_item); }
};

struct TranscriptionResult {
  std::string text;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("text", s.text); }
};

Result<SyncCustomActionResponse> decode_sync_action_response(const json& j);
json encode_sync_action_response(const SyncCustomActionResponse& response);
Result<TranscriptionResult> decode_transcription(const json& j);
json encode_transcription(const TranscriptionResult& result);
Result<Attachment> decode_attachment(const json& j);
json encode_attachment(const Attachment& attachment);
json encode_attachment_for_storage(const Attachment& attachment);
Result<Page<ThreadItem>> decode_item_page(const json& j);
json encode_item_page(const Page<ThreadItem>& page);
Result<Page<Thread>> decode_thread_page(const json& j);
json encode_thread_page(const Page<Thread>& page);

}  // namespace chatkit
