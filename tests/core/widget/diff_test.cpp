#include "core/widget/diff.hpp"

#include <cstddef>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/json_io.hpp"
#include "core/protocol/widget_json.hpp"
#include "core/widget/apply.hpp"
#include "support/fixtures.hpp"
#include "support/todos.hpp"
#include "use_cases/todo/todo_card.hpp"

namespace chatkit::widget {
namespace {

using chatkit::testing::case_name;
using chatkit::testing::list_dirs;
using chatkit::testing::read_json;

json encode_all(const std::vector<WidgetUpdate>& updates) {
  json out = json::array();
  for (const auto& update : updates) out.push_back(encode_widget_update(update));
  return out;
}

std::size_t wire_bytes(const std::vector<WidgetUpdate>& updates) {
  std::size_t bytes = 0;
  for (const auto& update : updates) bytes += to_wire(encode_widget_update(update)).size();
  return bytes;
}

// Applies the updates in order to `before`; the first failure is a test failure.
json apply_all(json widget, const std::vector<WidgetUpdate>& updates) {
  for (const auto& update : updates) {
    const Status status = chatkit::widget::apply(widget, update);
    EXPECT_TRUE(status.ok()) << (status.ok() ? "" : status.error().message);
  }
  return widget;
}

// ---------------------------------------------------------------------------------------------
// Golden fixtures: tests/fixtures/widgets/<case>/{before,after,reference,fine}.json

class WidgetDiffFixture : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(WidgetDiffFixture, ReferenceModeMatchesTheGolden) {
  const auto dir = GetParam();
  const json actual =
      encode_all(diff(read_json(dir / "before.json"), read_json(dir / "after.json"), DiffMode::reference));
  EXPECT_EQ(actual, read_json(dir / "reference.json")) << actual.dump();
}

TEST_P(WidgetDiffFixture, FineModeMatchesTheGolden) {
  const auto dir = GetParam();
  const json actual = encode_all(diff(read_json(dir / "before.json"), read_json(dir / "after.json"), DiffMode::fine));
  EXPECT_EQ(actual, read_json(dir / "fine.json")) << actual.dump();
}

TEST_P(WidgetDiffFixture, GoldenFineUpdatesRebuildAfter) {
  const auto dir = GetParam();
  json widget = strip_widget_nulls(read_json(dir / "before.json"));
  for (const auto& wire : read_json(dir / "fine.json")) {
    const auto update = decode_widget_update(wire);
    ASSERT_TRUE(update.ok()) << wire.dump();
    ASSERT_TRUE(chatkit::widget::apply(widget, *update).ok()) << wire.dump();
  }
  EXPECT_EQ(widget, strip_widget_nulls(read_json(dir / "after.json")));
}

TEST_P(WidgetDiffFixture, GoldenReferenceUpdatesDecode) {
  for (const auto& wire : read_json(GetParam() / "reference.json")) EXPECT_TRUE(decode_widget_update(wire).ok());
}

INSTANTIATE_TEST_SUITE_P(Golden, WidgetDiffFixture, ::testing::ValuesIn(list_dirs("widgets")),
                         [](const auto& info) { return case_name(info.param); });

TEST(WidgetDiffFixtures, CoverAtLeastFortyFiveCases) { EXPECT_GE(list_dirs("widgets").size(), 45u); }

// ---------------------------------------------------------------------------------------------
// Contract details not pinned by a fixture

TEST(WidgetDiff, FineIsTheDefaultMode) {
  const json before = json::parse(R"({"type":"Card","children":[{"type":"Text","value":"a"}]})");
  const json after = json::parse(R"({"type":"Card","children":[{"type":"Text","value":"ab"}]})");
  EXPECT_EQ(encode_all(diff(before, after)), encode_all(diff(before, after, DiffMode::fine)));
  EXPECT_TRUE(diff(before, after, DiffMode::reference).empty());
}

TEST(WidgetDiff, RootReplacementCarriesTheStrippedAfter) {
  const json before = json::parse(R"({"type":"Card","children":[]})");
  const json after =
      json::parse(R"({"type":"Card","size":null,"children":[{"type":"Text","value":"x","color":null}]})");
  for (const DiffMode mode : {DiffMode::reference, DiffMode::fine}) {
    const auto updates = diff(before, after, mode);
    ASSERT_EQ(updates.size(), 1u);
    ASSERT_TRUE(std::holds_alternative<WidgetRootUpdated>(updates[0]));
    EXPECT_EQ(std::get<WidgetRootUpdated>(updates[0]).widget.value, strip_widget_nulls(after));
  }
}

TEST(WidgetDiff, NeverThrowsOnOddTrees) {
  const std::vector<json> odd = {
      json(),
      json::array(),
      json("Card"),
      json::parse(R"({"children":[1,2]})"),
      json::parse(R"({"type":"Card","children":"text"})"),
      json::parse(R"({"type":"Card","children":[[{"type":"Text","id":"t","value":"a"}]]})"),
      json::parse(R"({"type":"Card","children":[{"type":"Text","id":"t","value":7}]})"),
      json::parse(
          R"({"type":"Card","children":[{"type":"Text","id":"t","value":"a","children":{"type":"Text","id":"t","value":"b"}}]})"),
      json::parse(R"({"type":"Text","id":"t","value":"root text"})"),
  };
  for (const auto& before : odd) {
    for (const auto& after : odd) {
      EXPECT_NO_THROW(diff(before, after, DiffMode::reference));
      std::vector<WidgetUpdate> fine;
      EXPECT_NO_THROW(fine = diff(before, after, DiffMode::fine));
      if (before.is_object() && after.is_object()) {
        EXPECT_EQ(apply_all(strip_widget_nulls(before), fine), strip_widget_nulls(after)) << before << " -> " << after;
      }
    }
  }
}

TEST(WidgetDiff, ReferenceReachesAStreamingTextRoot) {
  const json before = json::parse(R"({"type":"Text","id":"t","value":"a","streaming":true})");
  const json after = json::parse(R"({"type":"Text","id":"t","value":"ab","streaming":true})");
  const json expected =
      json::parse(R"([{"type":"widget.streaming_text.value_delta","component_id":"t","delta":"b","done":false}])");
  EXPECT_EQ(encode_all(diff(before, after, DiffMode::reference)), expected);
}

TEST(WidgetDiff, ReferenceTreatsNonBooleanStreamingAsNotStreaming) {
  const json before =
      json::parse(R"({"type":"Card","children":[{"type":"Text","id":"t","value":"a","streaming":"yes"}]})");
  const json after =
      json::parse(R"({"type":"Card","children":[{"type":"Text","id":"t","value":"ab","streaming":"yes"}]})");
  const auto updates = diff(before, after, DiffMode::reference);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_TRUE(std::get<WidgetStreamingTextValueDelta>(updates[0]).done);
}

TEST(WidgetDiff, ReferenceTreatsChildrenNullAsAbsent) {
  const json before =
      json::parse(R"({"type":"Card","children":[{"type":"Text","id":"t","value":"a","children":null}]})");
  const json after = json::parse(R"({"type":"Card","children":[{"type":"Text","id":"t","value":"ab"}]})");
  EXPECT_EQ(diff(before, after, DiffMode::reference).size(), 1u);
  const auto fine = diff(before, after, DiffMode::fine);
  EXPECT_EQ(apply_all(strip_widget_nulls(before), fine), strip_widget_nulls(after));
}

TEST(WidgetDiff, FineNeverOutweighsARootReplacement) {
  const json before = json::parse(
      R"({"type":"Card","children":[{"type":"Text","id":"a","value":"1"},{"type":"Text","id":"b","value":"2"}]})");
  const json after = json::parse(
      R"({"type":"Card","children":[{"type":"Text","id":"a","value":"x"},{"type":"Text","id":"b","value":"y"}]})");
  const auto fine = diff(before, after, DiffMode::fine);
  EXPECT_LE(wire_bytes(fine), wire_bytes({WidgetRootUpdated{WidgetRoot{after}}}));
  EXPECT_EQ(apply_all(before, fine), after);
}

// ---------------------------------------------------------------------------------------------
// The Todo use case's card (use_cases/todo/todo_card.hpp) with 200 todos: ticking one

json todo_card(int count, int done_id = 0) {
  return use_cases::build_todo_card(chatkit::testing::numbered_todos(count, done_id), {});
}

TEST(WidgetDiffTodoCard, TickingOneOfTwoHundredTodosIsThreeSmallComponentUpdates) {
  const json before = todo_card(200);
  const json after = todo_card(200, 17);
  const auto fine = diff(before, after, DiffMode::fine);
  const auto reference = diff(before, after, DiffMode::reference);
  const std::size_t fine_bytes = wire_bytes(fine);
  const std::size_t reference_bytes = wire_bytes(reference);
  std::cout << "[todo card, 200 todos (25 rows shown), tick todo 17] fine: " << fine.size() << " updates, "
            << fine_bytes << " bytes; reference: " << reference.size() << " update, " << reference_bytes << " bytes\n";
  RecordProperty("fine_bytes", static_cast<int>(fine_bytes));
  RecordProperty("reference_bytes", static_cast<int>(reference_bytes));

  // Both count badges, and the row: done adds a "Done" badge and drops the ✓ button.
  std::vector<std::string> ids;
  for (const auto& update : fine) {
    ASSERT_TRUE(std::holds_alternative<WidgetComponentUpdated>(update));
    ids.push_back(std::get<WidgetComponentUpdated>(update).component_id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"np", "nd", "r17"}));
  EXPECT_LT(fine_bytes, 1024u);
  EXPECT_EQ(apply_all(before, fine), after);

  ASSERT_EQ(reference.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<WidgetRootUpdated>(reference[0]));
  EXPECT_GT(reference_bytes, 10 * fine_bytes) << "the card shows a page of 25 rows, all resent";
}

TEST(WidgetDiffTodoCard, TickingATodoOnAnotherPageChangesOnlyTheBadges) {
  const json before = todo_card(200);
  const json after = todo_card(200, 117);  // page 5; page 1 is shown
  std::vector<std::string> ids;
  for (const auto& update : diff(before, after, DiffMode::fine)) {
    ids.push_back(std::get<WidgetComponentUpdated>(update).component_id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"np", "nd"}));
}

}  // namespace
}  // namespace chatkit::widget
