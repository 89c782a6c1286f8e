#pragma once
// Where the providers' fresh ids come from. Upstream ids are never used as our item ids: Chat
// Completions servers may give every chunk, and even every response, the same `chatcmpl-…` id
// (the reference SDK's issue 36, where items then overwrote each other).
#include <functional>
#include <string>

namespace chatkit::server {

struct IdSource {
  std::function<std::string()> message_id;  // an assistant message item: "msg_" + 16 hex digits
  std::function<std::string()> call_id;     // a tool call the upstream left unnamed: "call_" + 16 hex
};

// 64 random bits per id, from a per-thread generator seeded by the OS.
IdSource random_ids();

}  // namespace chatkit::server
