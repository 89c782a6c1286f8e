#pragma once
// Test support: our Markdown virtual DOM written as HTML the way the CommonMark (and GFM)
// reference renderers write it, so that it can be compared with the spec's examples. What is ours
// alone is left out or mapped back: the ck- classes, target/rel on links that leave our origin,
// and a code block's data-ck-lang, which the reference writes as <code class="language-…">.
#include <string>
#include <vector>

#include "core/render/vnode.hpp"

namespace chatkit::testing {

std::string reference_html(const std::vector<render::Node>& nodes);

}  // namespace chatkit::testing
