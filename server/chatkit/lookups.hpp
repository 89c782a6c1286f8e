#pragma once
// The loads every request handler starts with. A miss is not_found, pointed at the parameter that
// named the missing thing ("$.params.thread_id"), so the client learns which id was wrong.
#include <optional>
#include <string>

#include "core/action_validation.hpp"
#include "core/protocol/requests.hpp"
#include "server/store/store.hpp"

namespace chatkit::server {

inline Error at_path(Error error, std::string path) {
  error.path = std::move(path);
  return error;
}

inline Result<ThreadMetadata> find_thread(Store& store, const std::string& thread_id, const RequestContext& context) {
  auto thread = store.load_thread(thread_id, context);
  if (!thread) return at_path(thread.error(), "$.params.thread_id");
  return thread;
}

inline Result<ThreadItem> find_item(Store& store, const std::string& thread_id, const std::string& item_id,
                                    const RequestContext& context) {
  auto item = store.load_item(thread_id, item_id, context);
  if (!item) return at_path(item.error(), "$.params.item_id");
  return item;
}

// The widget item an action claims to come from (none when `item_id` is absent), after the check
// that counts: the widget must have offered this action (core's validate_action).
inline Result<std::optional<WidgetItem>> find_sender(Store& store, const std::string& thread_id,
                                                     const std::optional<std::string>& item_id, const Action& action,
                                                     const RequestContext& context) {
  if (!item_id) return std::optional<WidgetItem>{};
  auto item = find_item(store, thread_id, *item_id, context);
  if (!item) return item.error();
  if (auto offered = validate_action(*item, action); !offered) return at_path(offered.error(), "$.params.action");
  return std::optional<WidgetItem>{std::get<WidgetItem>(std::move(*item))};
}

}  // namespace chatkit::server
