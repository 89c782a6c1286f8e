#include "core/protocol/items.hpp"

#include "core/protocol/codec.hpp"

namespace chatkit {

const AttachmentCommon& attachment_common(const Attachment& attachment) {
  return std::visit([](const auto& a) -> const AttachmentCommon& { return a; }, attachment);
}
AttachmentCommon& attachment_common(Attachment& attachment) {
  return std::visit([](auto& a) -> AttachmentCommon& { return a; }, attachment);
}

const ItemBase& item_base(const ThreadItem& item) {
  return std::visit([](const auto& i) -> const ItemBase& { return i; }, item);
}
ItemBase& item_base(ThreadItem& item) {
  return std::visit([](auto& i) -> ItemBase& { return i; }, item);
}
std::string_view item_type(const ThreadItem& item) {
  return std::visit([](const auto& i) { return std::decay_t<decltype(i)>::kType; }, item);
}

bool is_hidden(const ThreadItem& item) {
  return std::holds_alternative<HiddenContextItem>(item) || std::holds_alternative<SdkHiddenContextItem>(item);
}

Result<ThreadItem> decode_item(const json& j) { return codec::decode<ThreadItem>(j); }
json encode_item(const ThreadItem& item) { return codec::encode(item); }
json encode_item_for_storage(const ThreadItem& item) { return codec::encode(item, {.storage = true}); }
std::string encode_item_for_storage_text(const ThreadItem& item) { return codec::encode_text(item, {.storage = true}); }

}  // namespace chatkit
