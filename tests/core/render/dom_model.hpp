#pragma once
// Test support for the renderer: a model of the browser's DOM that applies patch operations by key
// exactly as the .d.ts describes them (and fails loudly on a key it cannot find), and an HTML
// serialisation of virtual DOM for readable expectations.
#include <string>
#include <vector>

#include "core/render/patch.hpp"
#include "core/render/vnode.hpp"

namespace chatkit::testing {

// <tag attr="…">children</tag>, text and attribute values HTML-escaped, keys left out.
std::string to_html(const render::Node& node);
std::string to_html(const std::vector<render::Node>& nodes);

// The first way `nodes` could be unsafe in a page, or "": an attribute outside the allowlist, an
// href/src that safe_url() refuses, a `target` without rel, a style with anything but
// `property:value;` pairs of plain values, an id without the ck- prefix.
std::string safety_violation(const std::vector<render::Node>& nodes);
std::string safety_violation(const render::Node& node);

class DomModel {
 public:
  explicit DomModel(std::vector<render::Node> items = {}) : items_(std::move(items)) {}

  // Applies one operation; returns an error message, or "" on success.
  std::string apply(const render::PatchOp& op);
  // Applies them all; the first error, or "".
  std::string apply_all(const std::vector<render::PatchOp>& ops);

  const std::vector<render::Node>& items() const { return items_; }
  // A key that two elements share, or "".
  std::string duplicate_key() const;

 private:
  std::vector<render::Node> items_;
};

}  // namespace chatkit::testing
