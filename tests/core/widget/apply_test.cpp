#include "core/widget/apply.hpp"

#include <gtest/gtest.h>

namespace chatkit::widget {
namespace {

json card() {
  return json::parse(R"({"type":"Card","id":"card","children":[
    {"type":"Col","children":[{"type":"Text","id":"t","value":"Hel","streaming":true}]},
    {"type":"Transition","children":{"type":"Markdown","id":"m","value":"# "}},
    {"type":"Badge","id":"badge","label":"new"},
    {"type":"Text","id":"dup","value":"one"},
    {"type":"Text","id":"dup","value":"two"}]})");
}

TEST(ApplyValueDelta, AppendsToTheComponentValue) {
  json widget = card();
  ASSERT_TRUE(chatkit::widget::apply(widget, WidgetStreamingTextValueDelta{"t", "lo", false}).ok());
  EXPECT_EQ(widget["children"][0]["children"][0]["value"], "Hello");
}

TEST(ApplyValueDelta, ReachesATransitionChild) {
  json widget = card();
  ASSERT_TRUE(chatkit::widget::apply(widget, WidgetStreamingTextValueDelta{"m", "Title", true}).ok());
  EXPECT_EQ(widget["children"][1]["children"]["value"], "# Title");
}

TEST(ApplyValueDelta, AppendsMultiByteText) {
  json widget = card();
  ASSERT_TRUE(chatkit::widget::apply(widget, WidgetStreamingTextValueDelta{"t", "lo, 世界 🌍", false}).ok());
  EXPECT_EQ(widget["children"][0]["children"][0]["value"], "Hello, 世界 🌍");
}

TEST(ApplyValueDelta, TargetsTheFirstOfDuplicateIds) {
  json widget = card();
  ASSERT_TRUE(chatkit::widget::apply(widget, WidgetStreamingTextValueDelta{"dup", "!", true}).ok());
  EXPECT_EQ(widget["children"][3]["value"], "one!");
  EXPECT_EQ(widget["children"][4]["value"], "two");
}

TEST(ApplyValueDelta, UnknownIdIsAnInvalidEventAndChangesNothing) {
  json widget = card();
  const Status status = chatkit::widget::apply(widget, WidgetStreamingTextValueDelta{"nope", "x", true});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::invalid_event);
  EXPECT_EQ(widget, card());
}

TEST(ApplyValueDelta, NonStringValueIsAnInvalidEventAndChangesNothing) {
  json widget = card();
  const Status no_value = chatkit::widget::apply(widget, WidgetStreamingTextValueDelta{"badge", "x", true});
  ASSERT_FALSE(no_value.ok());
  EXPECT_EQ(no_value.error().code, ErrorCode::invalid_event);
  widget["children"][3]["value"] = 5;
  const json numeric = widget;
  const Status number = chatkit::widget::apply(widget, WidgetStreamingTextValueDelta{"dup", "x", true});
  ASSERT_FALSE(number.ok());
  EXPECT_EQ(number.error().code, ErrorCode::invalid_event);
  EXPECT_EQ(widget, numeric);
}

TEST(ApplyRootUpdated, ReplacesTheWholeWidget) {
  json widget = card();
  const json next = json::parse(R"({"type":"ListView","children":[]})");
  ASSERT_TRUE(chatkit::widget::apply(widget, WidgetRootUpdated{WidgetRoot{next}}).ok());
  EXPECT_EQ(widget, next);
}

TEST(ApplyComponentUpdated, ReplacesTheComponentWithThatId) {
  json widget = card();
  const json badge = json::parse(R"({"type":"Badge","id":"badge","label":"old","color":"secondary"})");
  ASSERT_TRUE(chatkit::widget::apply(widget, WidgetComponentUpdated{"badge", WidgetComponent{badge}}).ok());
  EXPECT_EQ(widget["children"][2], badge);
  json expected = card();
  expected["children"][2] = badge;
  EXPECT_EQ(widget, expected);
}

TEST(ApplyComponentUpdated, MayChangeTypeAndChildren) {
  json widget = card();
  const json row = json::parse(R"({"type":"Row","id":"t","children":[{"type":"Icon","name":"check"}]})");
  ASSERT_TRUE(chatkit::widget::apply(widget, WidgetComponentUpdated{"t", WidgetComponent{row}}).ok());
  EXPECT_EQ(widget["children"][0]["children"][0], row);
}

TEST(ApplyComponentUpdated, ReplacesOnlyTheFirstOfDuplicateIds) {
  json widget = card();
  const json text = json::parse(R"({"type":"Text","id":"dup","value":"uno"})");
  ASSERT_TRUE(chatkit::widget::apply(widget, WidgetComponentUpdated{"dup", WidgetComponent{text}}).ok());
  EXPECT_EQ(widget["children"][3]["value"], "uno");
  EXPECT_EQ(widget["children"][4]["value"], "two");
}

TEST(ApplyComponentUpdated, CanReplaceTheRootById) {
  json widget = card();
  const json next = json::parse(R"({"type":"Card","id":"card","children":[]})");
  ASSERT_TRUE(chatkit::widget::apply(widget, WidgetComponentUpdated{"card", WidgetComponent{next}}).ok());
  EXPECT_EQ(widget, next);
}

TEST(ApplyComponentUpdated, UnknownIdIsAnInvalidEventAndChangesNothing) {
  json widget = card();
  const Status status =
      chatkit::widget::apply(widget, WidgetComponentUpdated{"nope", WidgetComponent{json{{"type", "Text"}}}});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::invalid_event);
  EXPECT_EQ(widget, card());
}

TEST(Apply, AcceptsUpdatesDecodedFromTheWire) {
  json widget = card();
  const auto update = decode_widget_update(
      json::parse(R"({"type":"widget.streaming_text.value_delta","component_id":"t","delta":"p!","done":true})"));
  ASSERT_TRUE(update.ok());
  ASSERT_TRUE(chatkit::widget::apply(widget, *update).ok());
  EXPECT_EQ(widget["children"][0]["children"][0]["value"], "Help!");
}

}  // namespace
}  // namespace chatkit::widget
