#include "server/kit/items.hpp"

#include <gtest/gtest.h>

#include "server/chatkit/widget_checks.hpp"
#include "support/use_case_harness.hpp"

namespace chatkit::server::kit {
namespace {

using nlohmann::json;
using testing::UseCaseHarness;

json card(std::string label) {
  return {{"type", "Card"},
          {"children", {{{"type", "Text"}, {"id", "t"}, {"value", std::move(label)}}, {{"type", "Text"}, {"id", "u"}, {"value", "same"}}}}};
}

TEST(KitItems, ShowWidgetStoresThenSendsANewItem) {
  UseCaseHarness harness;
  WidgetItem shown;
  const auto events = harness.respond([&](Turn& turn) -> awaitable<void> {
    shown = co_await show_widget(turn, card("one"), "copy me");
  });
  const auto widgets = testing::shown_widgets(events);
  ASSERT_EQ(widgets.size(), 1u);
  EXPECT_EQ(widgets[0].id, shown.id);
  EXPECT_EQ(widgets[0].thread_id, harness.thread().id);
  EXPECT_EQ(widgets[0].copy_text, std::optional<std::string>("copy me"));
  const auto stored = harness.stored_widgets();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].widget.value, card("one"));
}

TEST(KitItems, UpdateWidgetSendsOnlyTheChangedComponentAndPersistsIt) {
  UseCaseHarness harness;
  WidgetItem shown;
  harness.respond([&](Turn& turn) -> awaitable<void> { shown = co_await show_widget(turn, card("one")); });
  std::size_t sent = 0;
  const auto events = harness.respond([&](Turn& turn) -> awaitable<void> {
    sent = co_await update_widget(turn, shown, card("two"));
  });
  EXPECT_EQ(sent, 1u);
  const auto updates = testing::events_of<ThreadItemUpdatedEvent>(events);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<WidgetComponentUpdated>(updates[0].update));
  EXPECT_EQ(harness.stored_widgets().at(0).widget.value, card("two"));
  // Nothing changed: nothing sent.
  const auto none = harness.respond([&](Turn& turn) -> awaitable<void> {
    sent = co_await update_widget(turn, harness.stored_widgets().at(0), card("two"));
  });
  EXPECT_EQ(sent, 0u);
  EXPECT_TRUE(testing::events_of<ThreadItemUpdatedEvent>(none).empty());
}

TEST(KitItems, SayAndNotify) {
  UseCaseHarness harness;
  const auto events = harness.respond([&](Turn& turn) -> awaitable<void> {
    co_await say(turn, "Done.");
    co_await notify(turn, "Saved", NoticeLevel::warning);
  });
  const auto said = testing::events_of<ThreadItemDoneEvent>(events);
  ASSERT_EQ(said.size(), 1u);
  const auto* message = std::get_if<AssistantMessageItem>(&said[0].item);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(message->content.at(0).text, "Done.");
  const auto notices = testing::events_of<NoticeEvent>(events);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].level, NoticeLevel::warning);
}

// Debug builds and tests hold every emitted widget to the strict catalogue.
TEST(KitItems, AWidgetOffTheStrictCatalogueIsRefusedBeforeItIsStoredOrSent) {
  ASSERT_TRUE(strict_widget_checks());
  UseCaseHarness harness;
  json bad = {{"type", "Card"},
              {"children", {{{"type", "Checkbox"}, {"name", "done"}, {"label", "x"}, {"ariaLabel", "x"}}}}};
  std::string failure;
  const auto events = harness.respond([&](Turn& turn) -> awaitable<void> {
    try {
      (void)co_await show_widget(turn, bad);
    } catch (const std::logic_error& error) {
      failure = error.what();
    }
  });
  EXPECT_NE(failure.find("ariaLabel"), std::string::npos) << failure;
  EXPECT_NE(failure.find("$.children[0]"), std::string::npos) << failure;
  EXPECT_TRUE(events.empty());
  EXPECT_TRUE(harness.stored_widgets().empty());
  // The same check on an update's target: nothing sent, the stored card unchanged.
  WidgetItem shown;
  harness.respond([&](Turn& turn) -> awaitable<void> { shown = co_await show_widget(turn, card("one")); });
  failure.clear();
  json flex = card("one");
  flex["children"][0]["weight"] = "heavy";  // not one of Text's weights
  harness.respond([&](Turn& turn) -> awaitable<void> {
    try {
      (void)co_await update_widget(turn, shown, flex);
    } catch (const std::logic_error& error) {
      failure = error.what();
    }
  });
  EXPECT_FALSE(failure.empty());
  EXPECT_EQ(harness.stored_widgets().at(0).widget.value, card("one"));
}

TEST(KitItems, FractionsAreFineWhereTheOfficialTypesAllowThem) {
  UseCaseHarness harness;
  json ok = {{"type", "Card"}, {"children", {{{"type", "Box"}, {"flex", 0.5}, {"gap", 1.5}, {"children", json::array()}}}}};
  const auto events = harness.respond([&](Turn& turn) -> awaitable<void> { (void)co_await show_widget(turn, ok); });
  EXPECT_EQ(testing::shown_widgets(events).size(), 1u);
}

}  // namespace
}  // namespace chatkit::server::kit
