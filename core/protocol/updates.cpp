#include "core/protocol/updates.hpp"

#include "core/protocol/codec.hpp"

namespace chatkit {

ThreadItemUpdate to_item_update(const WidgetUpdate& update) {
  return std::visit([](const auto& u) -> ThreadItemUpdate { return u; }, update);
}

json encode_widget_update(const WidgetUpdate& update) { return codec::encode(update); }

Result<WidgetUpdate> decode_widget_update(const json& j) { return codec::decode<WidgetUpdate>(j, ErrorCode::invalid_event); }

}  // namespace chatkit
