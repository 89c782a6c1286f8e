#pragma once
// Widget updates → patch operations that touch only the affected components, so that the browser
// keeps focus and typed text everywhere else. A component is addressed by its key
// "<itemId>/<componentId>"; whatever cannot be addressed that way replaces the whole item.
#include <set>
#include <string>
#include <vector>

#include "core/protocol/items.hpp"
#include "core/protocol/updates.hpp"
#include "core/render/patch.hpp"
#include "core/render/widget.hpp"

namespace chatkit::render {

// The operations for one widget.component.updated or widget.streaming_text.value_delta that has
// been applied to `after` (whose widget_context is `context`); `duplicates_before` are the ids that
// occurred more than once in the widget before it. Taking the item as it is now, with no copy of
// the widget before, keeps an update of one row of a long card cheap.
std::vector<PatchOp> widget_update_ops(const WidgetItem& after, const WidgetContext& context,
                                       const std::set<std::string, std::less<>>& duplicates_before, const ThreadItemUpdate& update);

// The same for two whole versions of a widget (widget.root.updated, thread.item.done / replaced):
// a walk of both trees that replaces the smallest keyed components that changed, appends text to
// a Text that only grew, and replaces the item only when the root itself changed. (The core's
// fine diff minimises bytes on the wire, and so often prefers one root update for a small card;
// the DOM wants the opposite.) `markdown`: the thread's options (markdown_options.hpp).
std::vector<PatchOp> widget_item_ops(const WidgetItem& before, const WidgetItem& after, const MarkdownOptions& markdown);

}  // namespace chatkit::render
