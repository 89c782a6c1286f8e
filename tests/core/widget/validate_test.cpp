#include "core/widget/validate.hpp"

#include <set>

#include <gtest/gtest.h>

#include "core/widget/catalogue.hpp"
#include "support/fixtures.hpp"

namespace chatkit::widget {
namespace {

namespace fs = std::filesystem;
using chatkit::testing::case_name;
using chatkit::testing::list_files;
using chatkit::testing::read_json;

std::string describe(const std::vector<Issue>& issues) {
  std::string out;
  for (const Issue& issue : issues) out += "\n  " + issue.path + ": " + issue.message;
  return out;
}

std::string test_name(const ::testing::TestParamInfo<fs::path>& info) { return case_name(info.param); }

// Every component type found anywhere in a widget (children only).
void collect_types(const json& component, std::set<std::string>& types) {
  if (!component.is_object() || !component.contains("type")) return;
  types.insert(component["type"].get<std::string>());
  if (!component.contains("children")) return;
  const json& children = component["children"];
  if (children.is_object()) collect_types(children, types);
  if (children.is_array()) {
    for (const json& child : children) collect_types(child, types);
  }
}

// A Card holding `depth - 1` nested Boxes: `depth` components in all.
json nested(int depth) {
  json inner = {{"type", "Box"}};
  for (int i = 1; i < depth; ++i) {
    json outer = {{"type", i + 1 == depth ? "Card" : "Box"}, {"children", json::array()}};
    outer["children"].push_back(std::move(inner));  // moved, not copied: deep trees stay cheap
    inner = std::move(outer);
  }
  return inner;
}

// ---- Shared fixtures ------------------------------------------------------------------------

class ValidWidget : public ::testing::TestWithParam<fs::path> {};

TEST_P(ValidWidget, HasNoIssues) {
  const json widget = read_json(GetParam());
  const std::vector<Issue> issues = validate(widget);
  EXPECT_TRUE(issues.empty()) << describe(issues);
  EXPECT_TRUE(check(widget).ok());
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ValidWidget, ::testing::ValuesIn(list_files("widget_validation/valid", ".json")),
                         test_name);

class InvalidWidget : public ::testing::TestWithParam<fs::path> {};

TEST_P(InvalidWidget, ReportsTheExpectedFirstIssue) {
  const json fixture = read_json(GetParam());
  const std::vector<Issue> issues = validate(fixture.at("widget"));
  ASSERT_FALSE(issues.empty());
  EXPECT_EQ(issues.front().path, fixture.at("path").get<std::string>()) << describe(issues);
  EXPECT_NE(issues.front().message.find(fixture.at("message_contains").get<std::string>()), std::string::npos)
      << describe(issues);

  const Status status = check(fixture.at("widget"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::invalid_widget);
  EXPECT_EQ(status.error().path, issues.front().path);
  EXPECT_EQ(status.error().message, issues.front().message);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidWidget, ::testing::ValuesIn(list_files("widget_validation/invalid", ".json")),
                         test_name);

TEST(WidgetValidationFixtures, CoverEveryComponentOfTheCatalogue) {
  std::set<std::string> types;
  for (const fs::path& file : list_files("widget_validation/valid", ".json")) collect_types(read_json(file), types);
  for (const ComponentSpec& spec : all_specs()) EXPECT_TRUE(types.contains(std::string(spec.type))) << spec.type;
  EXPECT_GE(list_files("widget_validation/invalid", ".json").size(), 30u);
}

// ---- Contract details the fixtures cannot show well -----------------------------------------

TEST(WidgetValidationStrict, EveryValidFixtureUsesOnlyCataloguedProps) {
  for (const fs::path& file : list_files("widget_validation/valid", ".json")) {
    // The one fixture that shows what lenient mode lets through (a newer server's props).
    if (file.filename() == "unknown_props_and_nulls.json") {
      EXPECT_FALSE(validate(read_json(file), Strictness::strict).empty());
      continue;
    }
    const json widget = read_json(file);
    const std::vector<Issue> issues = validate(widget, Strictness::strict);
    EXPECT_TRUE(issues.empty()) << file.filename() << ": " << describe(issues);
  }
}

TEST(WidgetValidationStrict, RefusesPropsTheComponentDoesNotHaveWhereLenientLetsThemThrough) {
  const json card = {{"type", "Card"},
                     {"children",
                      {{{"type", "Checkbox"}, {"name", "done"}, {"ariaLabel", "buy milk"}},
                       {{"type", "Text"}, {"value", "x"}, {"colour", "red"}, {"id", "t"}, {"key", "k"}},
                       {{"type", "Button"}, {"label", "Go"}, {"onClick", nullptr}},
                       {{"type", "MyChart"}, {"anything", 1}}}}};
  EXPECT_TRUE(validate(card).empty()) << describe(validate(card));
  const std::vector<Issue> issues = validate(card, Strictness::strict);
  ASSERT_EQ(issues.size(), 3u) << describe(issues);
  EXPECT_EQ(issues[0].path, "$.children[0].ariaLabel");
  EXPECT_EQ(issues[0].message, "'ariaLabel' is not a prop of Checkbox (strict mode: only the catalogue's props)");
  EXPECT_EQ(issues[1].path, "$.children[1].colour");
  EXPECT_EQ(issues[2].path, "$.children[2].onClick") << "a null unknown prop is still a key the types do not have";
  const Status status = check(card, Strictness::strict);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::invalid_widget);
  EXPECT_EQ(status.error().path, "$.children[0].ariaLabel");
}

TEST(WidgetValidation, RefusesNestingDeeperThan256ComponentsWithoutRecursingFurther) {
  EXPECT_TRUE(validate(nested(256)).empty());

  const std::vector<Issue> issues = validate(nested(257));
  ASSERT_EQ(issues.size(), 1u) << describe(issues);
  std::string path = "$";
  for (int i = 1; i < 257; ++i) path += ".children[0]";
  EXPECT_EQ(issues.front().path, path);
  EXPECT_NE(issues.front().message.find("deeper than 256"), std::string::npos);

  EXPECT_EQ(validate(nested(20000)).size(), 1u);
}

TEST(WidgetValidation, KeepsGoingAfterTheFirstIssue) {
  const json widget = {{"type", "Card"},
                       {"children",
                        {{{"type", "Text"}},
                         {{"type", "Icon"}, {"name", "nope"}},
                         {{"type", "Button"}, {"onClickAction", {{"payload", 1}}}}}}};
  const std::vector<Issue> issues = validate(widget);
  ASSERT_EQ(issues.size(), 3u) << describe(issues);
  EXPECT_EQ(issues[0].path, "$.children[0].value");
  EXPECT_EQ(issues[1].path, "$.children[1].name");
  EXPECT_EQ(issues[2].path, "$.children[2].onClickAction.type");
}

TEST(WidgetValidation, TreatsNullsAsAbsent) {
  const json widget = {{"type", "Card"},
                       {"status", nullptr},
                       {"children", {nullptr, {{"type", "Text"}, {"value", "x"}, {"size", nullptr}}}}};
  EXPECT_TRUE(validate(widget).empty()) << describe(validate(widget));
  const json missing = {{"type", "Card"}, {"children", {{{"type", "Text"}, {"value", nullptr}}}}};
  ASSERT_EQ(validate(missing).size(), 1u);
  EXPECT_EQ(validate(missing).front().path, "$.children[0].value");
}

TEST(WidgetValidation, LeavesUnknownPropsAndDynamicComponentsAlone) {
  const json widget = {
      {"type", "Card"},
      {"futureProp", {{"anything", 1}}},
      {"children", {{{"type", "Sparkline"}, {"points", {1, 2}}, {"children", {{"type", "Text"}, {"value", 3}}}}}}};
  const std::vector<Issue> issues = validate(widget);
  ASSERT_EQ(issues.size(), 1u) << describe(issues);
  EXPECT_EQ(issues.front().path, "$.children[0].children.value");  // dynamic children are still walked
}

TEST(WidgetCatalogue, KnowsRootsAndUnknownTypes) {
  EXPECT_TRUE(is_root_type("Card"));
  EXPECT_TRUE(is_root_type("ListView"));
  EXPECT_TRUE(is_root_type("Basic"));
  EXPECT_FALSE(is_root_type("Box"));
  EXPECT_FALSE(is_root_type("Sparkline"));
  EXPECT_EQ(find_spec("Sparkline"), nullptr);
  ASSERT_NE(find_spec("Table.Cell"), nullptr);
  EXPECT_EQ(all_specs().size(), 30u);
}

TEST(WidgetCatalogue, DescribesActionsAndControls) {
  const ComponentSpec* button = find_spec("Button");
  ASSERT_NE(button, nullptr);
  ASSERT_NE(find_prop(*button, "onClickAction"), nullptr);
  EXPECT_EQ(find_prop(*button, "onClickAction")->kind, Kind::action);
  EXPECT_EQ(find_prop(*button, "id")->kind, Kind::string);
  EXPECT_EQ(find_prop(*button, "nonsense"), nullptr);
  EXPECT_EQ(find_prop(*find_spec("Card"), "confirm")->kind, Kind::card_action);
  EXPECT_EQ(find_spec("Checkbox")->control, Control::checkbox);
  EXPECT_EQ(find_prop(*find_spec("Select"), "name")->need, Need::required);
  EXPECT_EQ(shape_name(Shape::action_config), "ActionConfig");
}

}  // namespace
}  // namespace chatkit::widget
