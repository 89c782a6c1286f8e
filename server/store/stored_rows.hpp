#pragma once
// The JSON documents both stores keep in their rows, read back: a row that does not parse or
// decode is an internal error naming its kind and id (never a crash, never a half-read value).
#include <string>

#include "core/protocol/thread.hpp"
#include "core/result.hpp"

namespace chatkit::server {

Result<ThreadMetadata> decode_thread_row(const std::string& id, const std::string& text);
Result<ThreadItem> decode_item_row(const std::string& id, const std::string& text);
Result<Attachment> decode_attachment_row(const std::string& id, const std::string& text);

}  // namespace chatkit::server
