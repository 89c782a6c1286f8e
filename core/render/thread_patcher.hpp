#pragma once
// A client's view of one thread that also renders it: every event goes through core's reducer and
// becomes DOM patch operations (patch.hpp) that keep the page equal to render(), touching as little
// as possible: an item, a content part, a Markdown block, a widget component, or appended text.
// Markdown renders with the options of the thread (its allowed_image_domains), which
// thread.created / thread.updated bring.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/reducer.hpp"
#include "core/render/patch.hpp"
#include "core/render/streaming_text.hpp"

namespace chatkit::render {

class ThreadPatcher {
 public:
  // Applies one event (refused events leave state and patches unchanged) and queues its operations.
  Status apply(const ThreadStreamEvent& event);

  // The operations queued since the last call, in order.
  std::vector<PatchOp> take_patches();

  // Every visible item, rendered, in display order.
  std::vector<Node> render() const;

  const ThreadState& state() const { return state_; }

 private:
  Status on_thread(const ThreadStreamEvent& event);
  Status on_item_written(const ThreadStreamEvent& event, const std::string& id);
  Status on_item_removed(const ThreadStreamEvent& event, const std::string& id);
  Status on_item_updated(const ThreadStreamEvent& event, const ThreadItemUpdatedEvent& updated);
  Status on_transient(const ThreadStreamEvent& event);

  Status on_text_delta(const ThreadStreamEvent& event, const std::string& id, const ContentPartTextDelta& delta);
  Status on_part_changed(const ThreadStreamEvent& event, const std::string& id, std::int64_t index);
  Status on_widget_update(const ThreadStreamEvent& event, const std::string& id, const ThreadItemUpdate& update);
  Status on_widget_root(const ThreadStreamEvent& event, const std::string& id);
  Status on_item_changed(const ThreadStreamEvent& event, const std::string& id);

  void diff_items(const ThreadItem& before, const ThreadItem& after);
  void insert_item(const ThreadItem& item);
  void replace_item(const ThreadItem& item);
  void forget_cached(const std::string& item_id);  // its streaming parts and widget census
  void use_thread_options();  // after a thread event: re-renders the items its options change

  MarkdownOptions markdown_;  // the thread's

  ThreadState state_;
  std::vector<PatchOp> ops_;
  std::map<std::string, StreamingText> streams_;  // by content part key
  // The duplicated ids of a widget item as its last component update left them (by item id), so
  // that the next one need not walk the widget before applying.
  std::map<std::string, std::set<std::string, std::less<>>> widget_duplicates_;
};

}  // namespace chatkit::render
