#include "core/protocol/thread.hpp"

#include <algorithm>

#include "core/protocol/codec.hpp"

namespace chatkit {

Thread client_view(const ThreadMetadata& thread, Page<ThreadItem> items) {
  Thread view;
  static_cast<ThreadMetadata&>(view) = thread;
  view.metadata = json::object();
  std::erase_if(items.data, [](const ThreadItem& item) { return is_hidden(item); });
  view.items = std::move(items);
  return view;
}

bool metadata_changed(const ThreadMetadata& before, const ThreadMetadata& after) {
  return before.title != after.title || before.status != after.status ||
         before.allowed_image_domains != after.allowed_image_domains || before.metadata != after.metadata;
}

Result<Thread> decode_thread(const json& j) { return codec::decode<Thread>(j); }
json encode_thread(const Thread& thread) { return codec::encode(thread); }
Result<ThreadMetadata> decode_thread_metadata(const json& j) { return codec::decode<ThreadMetadata>(j); }
json encode_thread_metadata_for_storage(const ThreadMetadata& thread) {
  return codec::encode(thread, {.storage = true});
}
std::string encode_thread_metadata_for_storage_text(const ThreadMetadata& thread) {
  return codec::encode_text(thread, {.storage = true});
}

}  // namespace chatkit
