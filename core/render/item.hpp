#pragma once
// Thread items → virtual DOM. An item's root is `div.ck-item.ck-item-<type>` keyed by the item id
// and carrying `data-ck-item`; an assistant message holds one `div.ck-content` per content part
// (keyed "<itemId>#<index>") whose children are its Markdown blocks, then its sources. Markdown
// (messages, thoughts, widgets) renders with the options of the item's thread.
#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/items.hpp"
#include "core/render/markdown_options.hpp"
#include "core/render/vnode.hpp"

namespace chatkit::render {

// nullopt for hidden items (hidden_context_item, sdk_hidden_context).
std::optional<Node> render_item(const ThreadItem& item, const MarkdownOptions& options = {});

// "<itemId>#<index>"
std::string part_key(std::string_view item_id, std::size_t index);

Node render_content_part(std::string_view item_id, std::size_t index, const AssistantMessageContent& part,
                         const MarkdownOptions& options);

}  // namespace chatkit::render
