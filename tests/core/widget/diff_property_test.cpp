#include "core/widget/diff.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/json_io.hpp"
#include "core/protocol/widget_json.hpp"
#include "core/widget/apply.hpp"
#include "core/widget/tree.hpp"

namespace chatkit::widget {
namespace {

// ---------------------------------------------------------------------------------------------
// A deterministic generator of random widget trees and of random edits to them

constexpr int kMaxDepth = 6;

constexpr std::array<const char*, 6> kContainers = {"Col", "Row", "Box", "Form", "ListViewItem", "Transition"};
constexpr std::array<const char*, 10> kLeaves = {"Text",   "Markdown", "Title",  "Caption", "Badge",
                                                 "Button", "Checkbox", "Select", "Image",   "Divider"};
constexpr std::array<const char*, 3> kRoots = {"Card", "ListView", "Basic"};
constexpr std::array<const char*, 8> kWords = {"Hel", "lo", " wörld", ", 世界", " 🌍", "", "Markdown *", "x"};
constexpr std::array<const char*, 5> kColors = {"primary", "secondary", "danger", "success", "red-100"};

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  // Straight from the engine, whose output the standard fixes: std:: distributions differ
  // between libstdc++ and libc++, and native and wasm runs must see the same pairs.
  int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint32_t>(n)); }
  bool chance(double p) { return rng_() < static_cast<std::uint32_t>(p * 4294967295.0); }
  template <class Array>
  const char* pick(const Array& values) {
    return values[static_cast<std::size_t>(below(static_cast<int>(values.size())))];
  }

  // Ids come from a small pool, so duplicates happen now and then.
  std::string id() { return "c" + std::to_string(below(24)); }
  std::string words() {
    std::string out;
    for (int n = below(3); n >= 0; --n) out += pick(kWords);
    return out;
  }

  json prop_value() {
    switch (below(6)) {
      case 0: return pick(kColors);
      case 1: return below(8);
      case 2: return json{{"x", below(4)}, {"y", below(4)}};
      case 3: return json{{"type", "act"}, {"payload", {{"n", below(5)}, {"l", json::array({1, nullptr})}}}};
      case 4: return chance(0.5);
      default: return nullptr;  // stripped before diffing
    }
  }

  void decorate(json& node) {
    if (chance(0.45)) node["id"] = id();
    if (chance(0.1)) node["key"] = "k" + std::to_string(below(3));
    static constexpr std::array<const char*, 5> kProps = {"color", "gap", "padding", "onClickAction", "flag"};
    for (int n = below(3); n > 0; --n) node[pick(kProps)] = prop_value();
  }

  json leaf() {
    json node = {{"type", pick(kLeaves)}};
    const std::string type = node["type"];
    if (type == "Text" || type == "Markdown" || type == "Title" || type == "Caption") node["value"] = words();
    if ((type == "Text" || type == "Markdown") && chance(0.5)) node["streaming"] = chance(0.7);
    if (type == "Select") node["options"] = json::array({{{"value", "a"}, {"label", "A"}}});
    decorate(node);
    return node;
  }

  json component(int depth) {
    if (depth >= kMaxDepth || chance(0.35 + 0.1 * depth)) return leaf();
    json node = {{"type", pick(kContainers)}};
    if (node["type"] == "Transition") {
      node["children"] = component(depth + 1);
    } else {
      node["children"] = json::array();
      for (int n = below(4); n > 0; --n) node["children"].push_back(component(depth + 1));
    }
    decorate(node);
    return node;
  }

  json root() {
    json node = {{"type", pick(kRoots)}, {"children", json::array()}};
    for (int n = 1 + below(4); n > 0; --n) node["children"].push_back(component(1));
    if (chance(0.2)) node["id"] = id();
    if (chance(0.3)) node["size"] = "md";
    return node;
  }

  // One random edit somewhere in the tree.
  void mutate(json& root) {
    std::vector<json*> nodes;
    collect(root, nodes);
    json& node = *nodes[static_cast<std::size_t>(below(static_cast<int>(nodes.size())))];
    switch (below(14)) {
      case 0:
      case 1:
      case 2: append_text(node); break;
      case 3:
        if (node.contains("value")) node["value"] = words();
        break;
      case 4: node[pick(std::array<const char*, 3>{"color", "gap", "onClickAction"})] = prop_value(); break;
      case 5:
        if (!node.empty()) node.erase(pick(std::array<const char*, 4>{"color", "gap", "key", "padding"}));
        break;
      case 6: node["streaming"] = chance(0.5); break;
      case 7: edit_children(node); break;
      case 8: node["type"] = chance(0.5) ? pick(kLeaves) : pick(kContainers); break;
      case 9: node["key"] = "k" + std::to_string(below(3)); break;
      case 10: node["id"] = id(); break;
      case 11: wrap_child(node); break;
      case 12:
        if (&node != &root) node = component(2);
        break;
      default: break;  // sometimes nothing changes at all
    }
  }

  // Only text appended to a Text or Markdown: the one change the reference streams.
  void append_somewhere(json& root) {
    std::vector<json*> nodes;
    collect(root, nodes);
    std::vector<json*> texts;
    for (json* node : nodes) {
      if ((*node)["type"] == "Text" || (*node)["type"] == "Markdown") texts.push_back(node);
    }
    if (texts.empty()) return;
    append_text(*texts[static_cast<std::size_t>(below(static_cast<int>(texts.size())))]);
  }

 private:
  static void collect(json& node, std::vector<json*>& out) {
    if (!is_component(node)) return;
    out.push_back(&node);
    auto children = node.find("children");
    if (children == node.end()) return;
    if (children->is_array()) {
      for (auto& child : *children) collect(child, out);
    } else {
      collect(*children, out);
    }
  }

  void append_text(json& node) {
    auto value = node.find("value");
    if (value != node.end() && value->is_string()) value->get_ref<std::string&>() += words();
  }

  void edit_children(json& node) {
    auto children = node.find("children");
    if (children == node.end() || !children->is_array()) return;
    const int size = static_cast<int>(children->size());
    switch (below(3)) {
      case 0: {
        // Draw the position before the child: argument evaluation order differs between compilers.
        const int at = below(size + 1);
        children->insert(children->begin() + at, component(3));
        break;
      }
      case 1:
        if (size > 0) children->erase(children->begin() + below(size));
        break;
      default:
        if (size > 1) std::swap((*children)[0], (*children)[static_cast<std::size_t>(size - 1)]);
        break;
    }
  }

  void wrap_child(json& node) {
    auto children = node.find("children");
    if (children == node.end() || !children->is_array() || children->empty()) return;
    json& child = (*children)[static_cast<std::size_t>(below(static_cast<int>(children->size())))];
    child = json{{"type", "Transition"}, {"children", child}};
  }

  std::mt19937 rng_;
};

// ---------------------------------------------------------------------------------------------
// Oracles

bool is_streaming_text(const json& node) {
  return node.is_object() && node.contains("type") && (node["type"] == "Text" || node["type"] == "Markdown") &&
         node.contains("value") && node["value"].is_string();
}

bool appends_only(const json& before, const json& after);

bool children_appends_only(const json& before, const json& after) {
  if (before.is_array() && after.is_array()) {
    if (before.size() != after.size()) return false;
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (!appends_only(before[i], after[i])) return false;
    }
    return true;
  }
  return appends_only(before, after);
}

// The two trees differ at most by text appended to Text/Markdown values.
bool appends_only(const json& before, const json& after) {
  if (before == after) return true;
  if (!is_component(before) || !is_component(after)) return false;
  std::set<std::string> names;
  for (const auto& item : before.items()) names.insert(item.key());
  for (const auto& item : after.items()) names.insert(item.key());
  for (const auto& name : names) {
    const json b = before.value(name, json());
    const json a = after.value(name, json());
    if (name == "children") {
      if (!children_appends_only(b, a)) return false;
    } else if (name == "value" && is_streaming_text(before) && is_streaming_text(after)) {
      const auto& bs = b.get_ref<const std::string&>();
      if (a.get_ref<const std::string&>().compare(0, bs.size(), bs) != 0) return false;
    } else if (b != a) {
      return false;
    }
  }
  return true;
}

// Every streamed text is reachable by the reference and addressable: unique ids, no Transition.
bool reference_streams_everything(const json& root) {
  std::set<std::string> ids;
  bool ok = true;
  for_each_component(root, [&](const json& node, const std::string&) {
    const auto children = node.find("children");
    if (children != node.end() && !children->is_array()) ok = false;
    const auto id = node.find("id");
    const bool has_id = id != node.end() && id->is_string() && !id->get_ref<const std::string&>().empty();
    if (is_streaming_text(node) && !has_id) ok = false;
    if (has_id && !ids.insert(id->get<std::string>()).second) ok = false;
  });
  return ok;
}

std::size_t wire_bytes(const std::vector<WidgetUpdate>& updates) {
  std::size_t bytes = 0;
  for (const auto& update : updates) bytes += to_wire(encode_widget_update(update)).size();
  return bytes;
}

// Applies every update in order; `applied` turns false if any was refused.
json apply_all(json widget, const std::vector<WidgetUpdate>& updates, bool& applied) {
  applied = true;
  for (const auto& update : updates) applied = applied && chatkit::widget::apply(widget, update).ok();
  return widget;
}

// ---------------------------------------------------------------------------------------------
// Properties

void check_fine(const json& before, const json& after, std::size_t pair) {
  const auto updates = diff(before, after, DiffMode::fine);
  bool applied = false;
  const json rebuilt = apply_all(before, updates, applied);
  ASSERT_TRUE(applied) << "pair " << pair << ": " << before << " -> " << after;
  ASSERT_EQ(rebuilt, after) << "pair " << pair << ": " << before << " -> " << after;
  ASSERT_LE(wire_bytes(updates), wire_bytes({WidgetRootUpdated{WidgetRoot{after}}})) << "pair " << pair;
}

void check_reference(const json& before, const json& after, std::size_t pair) {
  std::vector<WidgetUpdate> updates;
  ASSERT_NO_THROW(updates = diff(before, after, DiffMode::reference)) << "pair " << pair;
  bool replaced = false;
  for (const auto& update : updates) {
    if (!std::holds_alternative<WidgetRootUpdated>(update)) continue;
    replaced = true;
    ASSERT_EQ(updates.size(), 1u) << "pair " << pair;
    ASSERT_EQ(std::get<WidgetRootUpdated>(update).widget.value, after) << "pair " << pair;
  }
  if (replaced) return;
  ASSERT_TRUE(appends_only(before, after)) << "pair " << pair << ": " << before << " -> " << after;
  for (const auto& update : updates) ASSERT_TRUE(std::holds_alternative<WidgetStreamingTextValueDelta>(update));
  if (!reference_streams_everything(before)) return;
  bool applied = false;
  ASSERT_EQ(apply_all(before, updates, applied), after) << "pair " << pair;
  ASSERT_TRUE(applied);
}

struct Counts {
  std::size_t pairs = 0;
  std::size_t reference_streamed = 0;  // changed pairs the reference answered without a root replacement
};

void run_seed(unsigned seed, int pairs, Counts& counts) {
  Generator gen(seed);
  for (int i = 0; i < pairs; ++i) {
    const json before = gen.root();
    json after = before;
    if (gen.chance(0.3)) {
      for (int n = 1 + gen.below(3); n > 0; --n) gen.append_somewhere(after);
    } else {
      for (int n = gen.below(4); n > 0; --n) gen.mutate(after);
    }
    const json b = strip_widget_nulls(before);
    const json a = strip_widget_nulls(after);
    ++counts.pairs;
    check_fine(b, a, counts.pairs);
    check_reference(b, a, counts.pairs);
    if (::testing::Test::HasFatalFailure()) return;
    const auto reference = diff(b, a, DiffMode::reference);
    if (b != a && (reference.empty() || !std::holds_alternative<WidgetRootUpdated>(reference[0]))) {
      ++counts.reference_streamed;
    }
  }
}

TEST(WidgetDiffProperty, RandomPairs) {
  Counts counts;
  for (const unsigned seed : {1u, 7u, 42u, 2024u, 31337u, 4242424u}) {
    run_seed(seed, 1000, counts);
    if (HasFatalFailure()) return;
  }
  std::cout << "[widget diff property] " << counts.pairs << " random pairs, " << counts.reference_streamed
            << " changed pairs streamed by the reference without a root replacement\n";
  RecordProperty("pairs", static_cast<int>(counts.pairs));
  EXPECT_GE(counts.pairs, 5000u);
  // The generator must exercise the streaming path too, not only root replacements.
  EXPECT_GE(counts.reference_streamed, counts.pairs / 10);
}

}  // namespace
}  // namespace chatkit::widget
