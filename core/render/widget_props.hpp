#pragma once
// A component's look, derived from its props and the catalogue: enumerated props become
// `ck-<prop>-<value>` classes, true booleans `ck-<prop>`, and sizes, spacing, borders, colours,
// flex and aspect ratio validated inline style.
#include <span>
#include <string_view>

#include "core/json_io.hpp"
#include "core/render/sanitize.hpp"
#include "core/render/vnode.hpp"
#include "core/widget/catalogue.hpp"

namespace chatkit::render {

// Adds the classes and style of `component`'s props (as `spec` types them) to `element`;
// `style` may already hold the component's own declarations; props in `skip` are the component's own.
void apply_look(Element& element, const json& component, const widget::ComponentSpec& spec, Style style = {},
                std::span<const std::string_view> skip = {});

}  // namespace chatkit::render
