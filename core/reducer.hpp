#pragma once
// The thread reducer: apply_event(state, event) folds one stream event into a client's view of a thread
// (docs/PROTOCOL.md §4.1-4.2, §6.4). The same code runs in the server (pending items on cancel, §4.5),
// in the browser (through wasm) and in chatkit-cli.
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/events.hpp"
#include "core/result.hpp"

namespace chatkit {

struct ThreadState {
  std::optional<Thread> thread;              // from thread.created / thread.updated (its items page emptied)
  std::vector<ThreadItem> items;             // display order
  std::vector<std::string> pending;          // ids announced with `added` and not yet `done`
  std::optional<StreamOptions> stream_options;
  std::optional<ProgressUpdateEvent> progress;  // the latest transient status line
  std::optional<ErrorEvent> error;              // the latest error event
  std::vector<NoticeEvent> notices;
};

// Applies one event in place. (Not named plain `apply`: with a std::variant argument, ADL would
// find std::apply and prefer it.) Refuses (ErrorCode::invalid_event, state unchanged) an update for an
// unknown item, an update of the wrong kind for its item, and out-of-range indexes.
Status apply_event(ThreadState& state, const ThreadStreamEvent& event);

// Applies one item update to one item (the part of apply_event() the server's pending copies need).
// A refused update leaves the item unchanged, except a widget's, which may be left half-updated.
Status apply_update(ThreadItem& item, const ThreadItemUpdate& update);

// The pending items the server persists when a client disconnects (§4.5): assistant messages
// whose accumulated content has non-whitespace text. Widgets and workflows are not kept.
std::vector<ThreadItem> items_to_persist_on_cancel(const ThreadState& state);

ThreadItem* find_item(ThreadState& state, std::string_view id);
const ThreadItem* find_item(const ThreadState& state, std::string_view id);

// {"thread": <client view, when known>, "items": [<every item in full>]}
json encode_state(const ThreadState& state);

// The most content parts / annotations an update may address (padding beyond this is refused,
// so that a hostile index cannot allocate without bound).
inline constexpr std::int64_t kMaxContentParts = 1024;
inline constexpr std::int64_t kMaxAnnotations = 65536;

}  // namespace chatkit
