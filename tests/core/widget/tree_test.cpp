#include "core/widget/tree.hpp"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace chatkit::widget {
namespace {

json sample() {
  return json::parse(R"({
    "type": "Card", "id": "root",
    "confirm": {"label": "OK", "action": {"type": "Text", "id": "not-a-child"}},
    "children": [
      {"type": "Col", "id": "col", "children": [
        {"type": "Text", "id": "a", "value": "first"},
        {"type": "Transition", "children": {"type": "Text", "id": "inside", "value": "t"}}
      ]},
      "not a component",
      {"id": "no-type", "children": [{"type": "Text", "id": "hidden", "value": "h"}]},
      {"type": "Text", "id": "a", "value": "second"}
    ]
  })");
}

std::vector<std::pair<std::string, std::string>> visit_all(const json& root) {
  std::vector<std::pair<std::string, std::string>> seen;
  for_each_component(root, [&](const json& component, const std::string& path) {
    seen.emplace_back(component.at("type").get<std::string>(), path);
  });
  return seen;
}

TEST(IsComponent, NeedsAnObjectWithAStringType) {
  EXPECT_TRUE(is_component(json{{"type", "Text"}}));
  EXPECT_FALSE(is_component(json{{"type", 3}}));
  EXPECT_FALSE(is_component(json{{"id", "x"}}));
  EXPECT_FALSE(is_component(json::array({json{{"type", "Text"}}})));
  EXPECT_FALSE(is_component(json("Text")));
  EXPECT_FALSE(is_component(json()));
}

TEST(ForEachComponent, VisitsInPreOrderWithPaths) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Card", "$"},
      {"Col", "$.children[0]"},
      {"Text", "$.children[0].children[0]"},
      {"Transition", "$.children[0].children[1]"},
      {"Text", "$.children[0].children[1].children"},
      {"Text", "$.children[3]"},
  };
  EXPECT_EQ(visit_all(sample()), expected);
}

TEST(ForEachComponent, NeverDescendsIntoOtherProps) {
  // `confirm.action` looks like a component but is an action; the type-less object is skipped
  // together with what it holds.
  for (const auto& [type, path] : visit_all(sample())) {
    EXPECT_EQ(path.find("confirm"), std::string::npos);
    EXPECT_EQ(path.find("children[2]"), std::string::npos) << type;
  }
}

TEST(ForEachComponent, IgnoresANonComponentRoot) {
  EXPECT_TRUE(visit_all(json::array()).empty());
  EXPECT_TRUE(visit_all(json{{"children", json::array({json{{"type", "Text"}}})}}).empty());
}

TEST(FindComponent, ReturnsTheFirstInPreOrder) {
  const json root = sample();
  const json* found = find_component(root, "a");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->at("value"), "first");
}

TEST(FindComponent, FindsTheRootAndTransitionChildren) {
  const json root = sample();
  ASSERT_NE(find_component(root, "root"), nullptr);
  EXPECT_EQ(find_component(root, "root"), &root);
  ASSERT_NE(find_component(root, "inside"), nullptr);
  EXPECT_EQ(find_component(root, "inside")->at("value"), "t");
}

TEST(FindComponent, ReturnsNullForUnknownOrUnreachableIds) {
  const json root = sample();
  EXPECT_EQ(find_component(root, "missing"), nullptr);
  EXPECT_EQ(find_component(root, "not-a-child"), nullptr);
  EXPECT_EQ(find_component(root, "hidden"), nullptr);
  EXPECT_EQ(find_component(root, "no-type"), nullptr);
}

TEST(FindComponent, MutableLookupEditsInPlace) {
  json root = sample();
  json* col = find_component(root, "col");
  ASSERT_NE(col, nullptr);
  (*col)["gap"] = 4;
  EXPECT_EQ(root["children"][0]["gap"], 4);
}

TEST(FindComponent, IgnoresNonStringIds) {
  const json root = json::parse(R"({"type":"Card","children":[{"type":"Text","id":7,"value":"x"}]})");
  EXPECT_EQ(find_component(root, "7"), nullptr);
}

}  // namespace
}  // namespace chatkit::widget
