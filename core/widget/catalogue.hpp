#pragma once
// The widget component catalogue (PROTOCOL.md §5.2, §5.5): every component, its props, their
// kinds and enum values, which props are required, which are actions, and where a component may
// stand (roots, ListView children). Unknown props are allowed and kept untouched.
#include <string_view>

namespace chatkit::widget {

struct ComponentSpec;  // defined in catalogue.cpp

// nullptr for a type the catalogue does not know (a dynamic component, accepted as is).
const ComponentSpec* find_spec(std::string_view type);
bool is_root_type(std::string_view type);  // Card, ListView, Basic

}  // namespace chatkit::widget
