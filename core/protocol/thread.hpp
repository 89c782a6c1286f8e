#pragma once
// Threads (docs/PROTOCOL.md §3.1): what the store saves, and the view clients get.
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/items.hpp"

namespace chatkit {

struct ThreadMetadata {
  std::string id;
  std::optional<std::string> title;
  Timestamp created_at;
  ThreadStatus status = ActiveStatus{};
  std::optional<std::vector<std::string>> allowed_image_domains;
  json metadata = json::object();  // integration state; never sent to clients
  template <class S, class V>
  static void metadata_fields(S& s, V& v) {
    v.required("id", s.id);
    v.optional("title", s.title);
    v.required("created_at", s.created_at);
    v.defaulted("status", s.status);
    v.optional("allowed_image_domains", s.allowed_image_domains);
    v.defaulted("metadata", s.metadata);
  }
  template <class S, class V>
  static void fields(S& s, V& v) { metadata_fields(s, v); }
};

struct Thread : ThreadMetadata {
  Page<ThreadItem> items;
  template <class S, class V>
  static void fields(S& s, V& v) {
    metadata_fields(s, v);
    v.defaulted("items", s.items);
  }
};

// What a client may see: metadata emptied, hidden items filtered out of the page (§3.1).
Thread client_view(const ThreadMetadata& thread, Page<ThreadItem> items = {});

// True when the parts of the metadata that the event-processing loop watches differ (§4.6).
bool metadata_changed(const ThreadMetadata& before, const ThreadMetadata& after);

Result<Thread> decode_thread(const json& j);
json encode_thread(const Thread& thread);
Result<ThreadMetadata> decode_thread_metadata(const json& j);
json encode_thread_metadata_for_storage(const ThreadMetadata& thread);
std::string encode_thread_metadata_for_storage_text(const ThreadMetadata& thread);

}  // namespace chatkit
