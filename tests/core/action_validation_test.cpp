#include "core/action_validation.hpp"

#include <gtest/gtest.h>

#include "support/fixtures.hpp"

namespace chatkit {
namespace {

namespace fs = std::filesystem;
using chatkit::testing::case_name;
using chatkit::testing::list_files;
using chatkit::testing::read_json;

Action action_from(const json& j) { return Action{j.at("type").get<std::string>(), j.value("payload", json())}; }

std::string test_name(const ::testing::TestParamInfo<fs::path>& info) { return case_name(info.param); }

const json kTodoCard = json::parse(R"({
  "type": "Card",
  "children": [
    {"type": "Checkbox", "name": "done", "onChangeAction": {"type": "todo.toggle", "payload": {"id": "t1"}}},
    {"type": "Button", "label": "Delete", "onClickAction": {"type": "todo.delete", "payload": {"id": "t1"}}}
  ]
})");

ItemBase base(std::string id) { return ItemBase{std::move(id), "thr_1", {}}; }

// ---- Shared fixtures ------------------------------------------------------------------------

class ActionFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(ActionFixture, IsAcceptedOrRefusedAsExpected) {
  const json fixture = read_json(GetParam());
  const Result<OfferedAction> result = validate_action(fixture.at("widget"), action_from(fixture.at("action")));
  if (fixture.at("expect") == "ok") {
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->path, fixture.at("path").get<std::string>());
    return;
  }
  ASSERT_EQ(fixture.at("expect"), "refused");
  ASSERT_FALSE(result.ok()) << "matched " << result->path;
  EXPECT_EQ(result.error().code, ErrorCode::action_refused);
  const std::string reason = fixture.at("reason_contains").get<std::string>();
  EXPECT_NE(result.error().message.find(reason), std::string::npos) << result.error().message;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ActionFixture, ::testing::ValuesIn(list_files("actions", ".json")), test_name);

TEST(ActionFixtures, AreNumerous) { EXPECT_GE(list_files("actions", ".json").size(), 30u); }

// ---- The ThreadItem overload ----------------------------------------------------------------

TEST(ActionValidation, RefusesActionsAgainstItemsThatAreNotWidgets) {
  AssistantMessageItem message;
  static_cast<ItemBase&>(message) = base("msg_1");
  const Result<OfferedAction> result = validate_action(ThreadItem{message}, Action{"todo.delete", {{"id", "t1"}}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::action_refused);
  EXPECT_EQ(result.error().message, "item msg_1 is a assistant_message, not a widget");
}

TEST(ActionValidation, ValidatesActionsAgainstTheWidgetOfAWidgetItem) {
  WidgetItem item;
  static_cast<ItemBase&>(item) = base("wdg_1");
  item.widget.value = kTodoCard;
  const Result<OfferedAction> ok = validate_action(ThreadItem{item}, Action{"todo.delete", {{"id", "t1"}}});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->path, "$.children[1].onClickAction");
  EXPECT_EQ(ok->config, kTodoCard["children"][1]["onClickAction"]);

  const Result<OfferedAction> refused = validate_action(ThreadItem{item}, Action{"todo.delete", {{"id", "t2"}}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().path, "$.children[1].onClickAction");
}

TEST(ActionValidation, ReturnsTheFirstMatchingConfigInDocumentOrder) {
  const json widget = json::parse(R"({"type": "ListView", "children": [
    {"type": "ListViewItem", "children": [], "onClickAction": {"type": "open"}},
    {"type": "ListViewItem", "children": [], "onClickAction": {"type": "open"}}
  ]})");
  const Result<OfferedAction> result = validate_action(widget, Action{"open", nullptr});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->path, "$.children[0].onClickAction");
}

TEST(ActionValidation, NeverWalksDeeperThan256Components) {
  json inner = {{"type", "Button"}, {"onClickAction", {{"type", "deep"}}}};
  for (int i = 0; i < 300; ++i) {
    json outer = {{"type", i == 299 ? "Card" : "Box"}, {"children", json::array()}};
    outer["children"].push_back(std::move(inner));
    inner = std::move(outer);
  }
  const Result<OfferedAction> result = validate_action(inner, Action{"deep", nullptr});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("no action of type 'deep'"), std::string::npos);
}

}  // namespace
}  // namespace chatkit
