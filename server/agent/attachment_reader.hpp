#pragma once
// How the agent gets the bytes of the files a user attached (docs/PROTOCOL.md §8.4): the one narrow
// interface between the history and wherever attachments are kept (server/attachments/).
#include <cstddef>
#include <optional>
#include <string>

#include "core/protocol/attachments.hpp"

namespace chatkit::server {

struct AttachmentContent {
  std::size_t size = 0;  // of the whole file
  std::string bytes;     // its first bytes, at most as many as asked for
};

class AttachmentReader {
 public:
  virtual ~AttachmentReader() = default;
  // The file's first `max_bytes` bytes; nullopt when they are gone (deleted since).
  virtual std::optional<AttachmentContent> read(const Attachment& attachment, std::size_t max_bytes) = 0;
};

}  // namespace chatkit::server
