#include "core/protocol/responses.hpp"

#include "core/protocol/codec.hpp"
#include "core/protocol/thread.hpp"

namespace chatkit {

Result<SyncCustomActionResponse> decode_sync_action_response(const json& j) {
  return codec::decode<SyncCustomActionResponse>(j);
}
json encode_sync_action_response(const SyncCustomActionResponse& response) { return codec::encode(response); }
Result<TranscriptionResult> decode_transcription(const json& j) { return codec::decode<TranscriptionResult>(j); }
json encode_transcription(const TranscriptionResult& result) { return codec::encode(result); }
Result<Attachment> decode_attachment(const json& j) { return codec::decode<Attachment>(j); }
json encode_attachment(const Attachment& attachment) { return codec::encode(attachment); }
json encode_attachment_for_storage(const Attachment& attachment) {
  return codec::encode(attachment, {.storage = true});
}
Result<Page<ThreadItem>> decode_item_page(const json& j) { return codec::decode<Page<ThreadItem>>(j); }
json encode_item_page(const Page<ThreadItem>& page) { return codec::encode(page); }
Result<Page<Thread>> decode_thread_page(const json& j) { return codec::decode<Page<Thread>>(j); }
json encode_thread_page(const Page<Thread>& page) { return codec::encode(page); }

}  // namespace chatkit
