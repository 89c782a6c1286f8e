#include "core/reducer.hpp"

#include <gtest/gtest.h>

#include "core/sse.hpp"
#include "support/fixtures.hpp"

namespace chatkit {
namespace {

ThreadStreamEvent event(std::string_view text) {
  auto parsed = parse_event(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : describe(parsed.error()));
  if (!parsed.ok()) return ProgressUpdateEvent{};
  return *parsed;
}

Status apply_text(ThreadState& state, std::string_view text) { return apply_event(state, event(text)); }

constexpr std::string_view kAdded =
    R"({"type":"thread.item.added","item":{"id":"m","thread_id":"t","created_at":"2025-01-02T03:04:05Z","type":"assistant_message","content":[]}})";

std::string delta(std::string_view text, int index = 0) {
  return R"({"type":"thread.item.updated","item_id":"m","update":{"type":"assistant_message.content_part.text_delta","content_index":)" +
         std::to_string(index) + R"(,"delta":")" + std::string(text) + "\"}}";
}

const AssistantMessageItem& message(const ThreadState& state) {
  return std::get<AssistantMessageItem>(*find_item(state, "m"));
}

TEST(Reducer, EveryStreamFixtureFoldsIntoItsExpectedState) {
  const auto cases = testing::list_dirs("streams");
  ASSERT_GE(cases.size(), 8u);
  for (const auto& dir : cases) {
    SCOPED_TRACE(dir.string());
    auto events = decode_sse_events(testing::read_file(dir / "stream.sse"));
    ASSERT_TRUE(events.ok()) << describe(events.error());
    ThreadState state;
    for (const auto& e : *events) ASSERT_TRUE(apply_event(state, e).ok());
    EXPECT_EQ(encode_state(state), testing::read_json(dir / "state.json")) << encode_state(state).dump();
  }
}

TEST(Reducer, TextDeltasPadMissingPartsAndAppend) {
  ThreadState state;
  ASSERT_TRUE(apply_text(state, kAdded).ok());
  ASSERT_TRUE(apply_text(state, delta("b", 2)).ok());
  ASSERT_TRUE(apply_text(state, delta("c", 2)).ok());
  ASSERT_EQ(message(state).content.size(), 3u);
  EXPECT_EQ(message(state).content[0].text, "");
  EXPECT_EQ(message(state).content[2].text, "bc");
}

TEST(Reducer, AnnotationsInsertAtTheirIndexOrAppendBeyondTheEnd) {
  ThreadState state;
  ASSERT_TRUE(apply_text(state, kAdded).ok());
  auto annotation = [](int index, std::string_view title) {
    return R"({"type":"thread.item.updated","item_id":"m","update":{"type":"assistant_message.content_part.annotation_added","content_index":0,"annotation_index":)" +
           std::to_string(index) + R"(,"annotation":{"type":"annotation","source":{"type":"url","title":")" +
           std::string(title) + R"(","url":"u"}}}})";
  };
  ASSERT_TRUE(apply_text(state, annotation(0, "b")).ok());
  ASSERT_TRUE(apply_text(state, annotation(0, "a")).ok());
  ASSERT_TRUE(apply_text(state, annotation(99, "c")).ok());
  const auto& annotations = message(state).content[0].annotations;
  ASSERT_EQ(annotations.size(), 3u);
  EXPECT_EQ(std::get<UrlSource>(annotations[0].source).title, "a");
  EXPECT_EQ(std::get<UrlSource>(annotations[1].source).title, "b");
  EXPECT_EQ(std::get<UrlSource>(annotations[2].source).title, "c");
}

TEST(Reducer, RefusesUpdatesForUnknownItemsAndLeavesStateAlone) {
  ThreadState state;
  auto status = apply_text(state, delta("x"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::invalid_event);
  EXPECT_NE(status.error().message.find("unknown item m"), std::string::npos);
  EXPECT_TRUE(state.items.empty());
}

TEST(Reducer, RefusesUpdatesOfTheWrongKind) {
  ThreadState state;
  ASSERT_TRUE(apply_text(state, kAdded).ok());
  auto status = apply_text(
      state, R"({"type":"thread.item.updated","item_id":"m","update":{"type":"workflow.task.updated","task_index":0,"task":{"type":"image"}}})");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("cannot apply to item m of type assistant_message"), std::string::npos);
}

TEST(Reducer, RefusesHostileIndexesWithoutAllocating) {
  ThreadState state;
  ASSERT_TRUE(apply_text(state, kAdded).ok());
  EXPECT_FALSE(apply_text(state, delta("x", 1000000000)).ok());
  EXPECT_FALSE(apply_text(state, delta("x", -1)).ok());
  EXPECT_TRUE(message(state).content.empty());
}

TEST(Reducer, WorkflowTaskUpdateOutOfRangeIsRefused) {
  ThreadState state;
  ASSERT_TRUE(apply_text(state, R"({"type":"thread.item.added","item":{"id":"w","thread_id":"t","created_at":"2025-01-02T03:04:05Z","type":"workflow","workflow":{"type":"custom","tasks":[]}}})").ok());
  auto status = apply_text(
      state, R"({"type":"thread.item.updated","item_id":"w","update":{"type":"workflow.task.updated","task_index":0,"task":{"type":"image"}}})");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("task_index 0 out of range"), std::string::npos);
}

TEST(Reducer, TracksPendingItemsUntilDone) {
  ThreadState state;
  ASSERT_TRUE(apply_text(state, kAdded).ok());
  EXPECT_EQ(state.pending, std::vector<std::string>{"m"});
  ASSERT_TRUE(apply_text(state, R"({"type":"thread.item.done","item":{"id":"m","thread_id":"t","created_at":"2025-01-02T03:04:05Z","type":"assistant_message","content":[]}})").ok());
  EXPECT_TRUE(state.pending.empty());
  EXPECT_EQ(state.items.size(), 1u);
}

TEST(Reducer, CancelKeepsOnlyPendingAssistantMessagesWithVisibleText) {
  ThreadState state;
  ASSERT_TRUE(apply_text(state, kAdded).ok());
  ASSERT_TRUE(apply_text(state, delta("  ")).ok());
  EXPECT_TRUE(items_to_persist_on_cancel(state).empty());
  ASSERT_TRUE(apply_text(state, delta("partial")).ok());
  ASSERT_TRUE(apply_text(state, R"({"type":"thread.item.added","item":{"id":"w","thread_id":"t","created_at":"2025-01-02T03:04:05Z","type":"widget","widget":{"type":"Card","children":[]}}})").ok());
  const auto kept = items_to_persist_on_cancel(state);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(std::get<AssistantMessageItem>(kept[0]).content[0].text, "  partial");
}

TEST(Reducer, ThreadUpdatedKeepsTheItemsAlreadyKnown) {
  ThreadState state;
  ASSERT_TRUE(apply_text(state, kAdded).ok());
  ASSERT_TRUE(apply_text(state, R"({"type":"thread.updated","thread":{"id":"t","title":"New","created_at":"2025-01-02T03:04:05Z"}})").ok());
  EXPECT_EQ(state.items.size(), 1u);
  EXPECT_EQ(state.thread->title, "New");
}

TEST(Reducer, KeepsTransientStreamState) {
  ThreadState state;
  ASSERT_TRUE(apply_text(state, R"({"type":"stream_options","stream_options":{"allow_cancel":false}})").ok());
  ASSERT_TRUE(apply_text(state, R"({"type":"progress_update","text":"Working"})").ok());
  ASSERT_TRUE(apply_text(state, R"({"type":"error","code":"stream.error","allow_retry":true})").ok());
  ASSERT_TRUE(apply_text(state, R"({"type":"notice","level":"warning","message":"m"})").ok());
  EXPECT_FALSE(state.stream_options->allow_cancel);
  EXPECT_EQ(state.progress->text, "Working");
  EXPECT_TRUE(state.error->allow_retry);
  EXPECT_EQ(state.notices.size(), 1u);
}

}  // namespace
}  // namespace chatkit
