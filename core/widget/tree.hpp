#pragma once
// Walking a widget tree. A component's children are the elements of its `children` array, or its
// `children` object when that holds a single component (Transition). Other props are never
// descended into.
#include <functional>
#include <string>
#include <string_view>

#include "core/protocol/wire.hpp"

namespace chatkit::widget {

bool is_component(const json& value);  // an object with a string `type`

// Depth-first pre-order over every component, root included; `path` is a JSON path from the root
// ("$.children[0].children[2]").
void for_each_component(const json& root,
                        const std::function<void(const json& component, const std::string& path)>& visit);

// The same walk without paths (cheaper, for censuses).
void for_each_component(const json& root, const std::function<void(const json& component)>& visit);

// The first component in pre-order whose `id` equals `id`, or nullptr.
json* find_component(json& root, std::string_view id);
const json* find_component(const json& root, std::string_view id);

}  // namespace chatkit::widget
