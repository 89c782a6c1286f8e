#include "server/store/stored_rows.hpp"

#include <string_view>

#include "core/json_io.hpp"
#include "core/protocol/responses.hpp"

namespace chatkit::server {

namespace {

Error corrupt_row(std::string_view kind, const std::string& id, const Error& cause) {
  return make_error(ErrorCode::internal, "stored " + std::string(kind) + " " + id + " is corrupt: " + describe(cause));
}

template <class T, class Decode>
Result<T> decode_row(std::string_view kind, const std::string& id, const std::string& text, Decode decode) {
  // Widget items nest deeper than requests do.
  auto parsed = parse_json(text, kWidgetJsonLimits);
  if (!parsed) return corrupt_row(kind, id, parsed.error());
  Result<T> value = decode(*parsed);
  if (!value) return corrupt_row(kind, id, value.error());
  return value;
}

}  // namespace

Result<ThreadMetadata> decode_thread_row(const std::string& id, const std::string& text) {
  return decode_row<ThreadMetadata>("thread", id, text, decode_thread_metadata);
}
Result<ThreadItem> decode_item_row(const std::string& id, const std::string& text) {
  return decode_row<ThreadItem>("item", id, text, decode_item);
}
Result<Attachment> decode_attachment_row(const std::string& id, const std::string& text) {
  return decode_row<Attachment>("attachment", id, text, decode_attachment);
}

}  // namespace chatkit::server
