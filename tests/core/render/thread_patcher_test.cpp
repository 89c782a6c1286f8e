#include "core/render/thread_patcher.hpp"

#include <gtest/gtest.h>

#include "core/sse.hpp"
#include "core/widget/tree.hpp"
#include "dom_model.hpp"
#include "support/fixtures.hpp"
#include "support/todos.hpp"
#include "use_cases/todo/todo_card.hpp"

namespace chatkit::render {
namespace {

// The Todo use case's card with todos 1..count, all open but `done_id`.
json todo_card(int count, int done_id = 0) {
  return use_cases::build_todo_card(testing::numbered_todos(count, done_id), {});
}

ThreadStreamEvent event(const json& j) {
  auto parsed = parse_event(j.dump(), kWidgetJsonLimits);
  EXPECT_TRUE(parsed.ok()) << j.dump();
  return parsed.ok() ? *parsed : ThreadStreamEvent(ProgressUpdateEvent{});
}

json item_json(std::string_view id, std::string_view type, json fields) {
  fields["id"] = id;
  fields["thread_id"] = "thr_1";
  fields["created_at"] = "2025-01-02T03:04:05Z";
  fields["type"] = type;
  return fields;
}

json done(const json& item) { return {{"type", "thread.item.done"}, {"item", item}}; }
json added(const json& item) { return {{"type", "thread.item.added"}, {"item", item}}; }
json updated(std::string_view id, const json& update) {
  return {{"type", "thread.item.updated"}, {"item_id", id}, {"update", update}};
}
json text_delta(std::string_view delta, int index = 0) {
  return {{"type", "assistant_message.content_part.text_delta"}, {"content_index", index}, {"delta", delta}};
}
json widget_item(std::string_view id, const json& widget) { return item_json(id, "widget", {{"widget", widget}}); }

// A patcher and the DOM its patches maintain; after every event the DOM must equal render().
class Session {
 public:
  std::vector<PatchOp> apply(const json& j) {
    EXPECT_TRUE(patcher_.apply(event(j)).ok()) << j.dump();
    return check();
  }

  std::vector<PatchOp> apply(const ThreadStreamEvent& e) {
    EXPECT_TRUE(patcher_.apply(e).ok());
    return check();
  }

  ThreadPatcher& patcher() { return patcher_; }

 private:
  std::vector<PatchOp> check() {
    std::vector<PatchOp> ops = patcher_.take_patches();
    for (const PatchOp& op : ops) EXPECT_EQ(dom_.apply(op), "") << to_json(op).dump();
    EXPECT_EQ(testing::to_html(dom_.items()), testing::to_html(patcher_.render()));
    EXPECT_EQ(dom_.items(), patcher_.render()) << "keys differ";
    EXPECT_EQ(dom_.duplicate_key(), "");
    EXPECT_EQ(testing::safety_violation(dom_.items()), "");
    return ops;
  }

  ThreadPatcher patcher_;
  testing::DomModel dom_;
};

std::vector<std::string> kinds(const std::vector<PatchOp>& ops) {
  std::vector<std::string> out;
  for (const PatchOp& op : ops) out.push_back(to_json(op)["op"].get<std::string>() + " " + to_json(op).value("key", ""));
  return out;
}

TEST(ThreadPatcher, EveryStreamFixtureKeepsTheDomEqualToRender) {
  const auto cases = testing::list_dirs("streams");
  ASSERT_GE(cases.size(), 8u);
  for (const auto& dir : cases) {
    SCOPED_TRACE(dir.string());
    auto events = decode_sse_events(testing::read_file(dir / "stream.sse"));
    ASSERT_TRUE(events.ok());
    Session session;
    for (const auto& e : *events) session.apply(e);
    EXPECT_EQ(encode_state(session.patcher().state()), testing::read_json(dir / "state.json"));
  }
}

TEST(ThreadPatcher, TextDeltasAreAppendedAndAnIdenticalDoneChangesNothing) {
  Session session;
  const json message = item_json("m", "assistant_message", {{"content", json::array()}});
  EXPECT_EQ(kinds(session.apply(added(message))), std::vector<std::string>{"insert m"});
  EXPECT_EQ(kinds(session.apply(updated("m", {{"type", "assistant_message.content_part.added"}, {"content_index", 0},
                                              {"content", {{"type", "output_text"}, {"text", ""}}}}))),
            std::vector<std::string>{"insert m#0"});
  EXPECT_EQ(kinds(session.apply(updated("m", text_delta("Hello")))), std::vector<std::string>{"insert m#0.0"});
  std::string text = "Hello";
  for (int i = 0; i < 500; ++i) {
    const std::string word = " word" + std::to_string(i);
    text += word;
    EXPECT_EQ(kinds(session.apply(updated("m", text_delta(word)))), std::vector<std::string>{"append_text m#0.0"});
  }
  json final = message;
  final["content"] = {{{"type", "output_text"}, {"text", text}, {"annotations", json::array()}}};
  EXPECT_TRUE(session.apply(done(final)).empty());
  final["content"][0]["text"] = text + "!";
  EXPECT_EQ(kinds(session.apply(done(final))), std::vector<std::string>{"replace m#0"});
}

TEST(ThreadPatcher, PartsAddedAnnotatedAndPadded) {
  Session session;
  session.apply(added(item_json("m", "assistant_message", {{"content", json::array()}})));
  session.apply(updated("m", text_delta("first")));  // creates part 0: the item is re-rendered
  EXPECT_EQ(kinds(session.apply(updated("m", {{"type", "assistant_message.content_part.added"}, {"content_index", 1},
                                              {"content", {{"type", "output_text"}, {"text", "second"}}}}))),
            std::vector<std::string>{"insert m#1"});
  EXPECT_EQ(kinds(session.apply(updated("m", {{"type", "assistant_message.content_part.annotation_added"}, {"content_index", 0},
                                              {"annotation_index", 0},
                                              {"annotation", {{"type", "annotation"},
                                                              {"source", {{"type", "url"}, {"title", "S"}, {"url", "https://s.io"}}}}}}))),
            std::vector<std::string>{"replace m#0"});
  EXPECT_EQ(kinds(session.apply(updated("m", text_delta(" more")))), std::vector<std::string>{"append_text m#0.0"});
  EXPECT_EQ(kinds(session.apply(updated("m", text_delta("x", 4)))), std::vector<std::string>{"replace m"});
}

TEST(ThreadPatcher, ItemsAreInsertedAfterTheLastVisibleOne) {
  Session session;
  session.apply(done(item_json("u", "user_message", {{"content", {{{"type", "input_text"}, {"text", "hi"}}}}, {"inference_options", json::object()}})));
  EXPECT_TRUE(session.apply(done(item_json("h", "hidden_context_item", {{"content", "secret"}}))).empty());
  const auto ops = session.apply(done(item_json("e", "end_of_turn", json::object())));
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(std::get<InsertOp>(ops[0]).after, std::optional<std::string>("u"));
  EXPECT_EQ(kinds(session.apply(json{{"type", "thread.item.removed"}, {"item_id", "u"}})), std::vector<std::string>{"remove u"});
  EXPECT_TRUE(session.apply(json{{"type", "thread.item.removed"}, {"item_id", "h"}}).empty());
}

TEST(ThreadPatcher, ThreadAndTransientEventsPassThrough) {
  Session session;
  auto ops = session.apply(json{{"type", "thread.created"},
                                {"thread", {{"id", "thr_1"}, {"created_at", "2025-01-02T03:04:05Z"}, {"title", "T"},
                                            {"items", {{"data", json::array()}, {"has_more", false}}}}}});
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(std::get<ThreadOp>(ops[0]).thread["title"], "T");
  for (const json& e : {json{{"type", "progress_update"}, {"text", "Searching"}},
                        json{{"type", "notice"}, {"level", "info"}, {"message", "**hi**"}},
                        json{{"type", "error"}, {"message", "boom"}},
                        json{{"type", "client_effect"}, {"name", "confetti"}},
                        json{{"type", "stream_options"}, {"stream_options", {{"allow_cancel", true}}}}}) {
    ops = session.apply(e);
    ASSERT_EQ(ops.size(), 1u) << e.dump();
    EXPECT_EQ(std::get<EventOp>(ops[0]).event["type"], e["type"]);
  }
}

TEST(ThreadPatcher, ARefusedEventQueuesNothing) {
  ThreadPatcher patcher;
  EXPECT_FALSE(patcher.apply(event(updated("ghost", text_delta("x")))).ok());
  const json card = {{"type", "Card"}, {"children", json::array()}};
  ASSERT_TRUE(patcher.apply(event(done(widget_item("w", card)))).ok());
  patcher.take_patches();
  EXPECT_FALSE(patcher.apply(event(updated("w", text_delta("x")))).ok());  // a text delta on a widget
  EXPECT_TRUE(patcher.take_patches().empty());
}

TEST(ThreadPatcher, AComponentUpdateReplacesOnlyThatComponent) {
  Session session;
  const json card = todo_card(20);
  session.apply(done(widget_item("w", card)));
  const json ticked = todo_card(20, 7);
  const json* component = widget::find_component(ticked, "r7");
  ASSERT_NE(component, nullptr);
  EXPECT_EQ(kinds(session.apply(updated(
                "w", {{"type", "widget.component.updated"}, {"component_id", "r7"}, {"component", *component}}))),
            std::vector<std::string>{"replace w/r7"});
}

TEST(ThreadPatcher, ANewRootReplacesOnlyWhatChanged) {
  Session session;
  session.apply(done(widget_item("w", todo_card(20))));
  const auto ops = session.apply(updated("w", {{"type", "widget.root.updated"}, {"widget", todo_card(20, 3)}}));
  ASSERT_FALSE(ops.empty());
  for (const std::string& kind : kinds(ops)) EXPECT_NE(kind, "replace w") << "the whole card was replaced";
  // The same through thread.item.done after streaming.
  const auto done_ops = session.apply(done(widget_item("w", todo_card(20, 4))));
  ASSERT_FALSE(done_ops.empty());
  for (const std::string& kind : kinds(done_ops)) EXPECT_NE(kind, "replace w");
}

TEST(ThreadPatcher, StreamedWidgetTextIsAppendedToTextAndReRendersMarkdown) {
  Session session;
  const json text = {{"type", "Text"}, {"id", "t"}, {"value", ""}, {"streaming", true}};
  const json markdown = {{"type", "Markdown"}, {"id", "md"}, {"value", "a"}};
  const json card = {{"type", "Card"}, {"children", json::array({text, markdown})}};
  session.apply(added(widget_item("w", card)));
  const json delta = {{"type", "widget.streaming_text.value_delta"}, {"component_id", "t"}, {"delta", "Hi <b>"}, {"done", false}};
  EXPECT_EQ(kinds(session.apply(updated("w", delta))), std::vector<std::string>{"append_text w/t"});
  json md_delta = delta;
  md_delta["component_id"] = "md";
  md_delta["delta"] = " **b**";
  EXPECT_EQ(kinds(session.apply(updated("w", md_delta))), std::vector<std::string>{"replace w/md"});
}

json thread_event(std::string_view type, const json& allowed_image_domains) {
  json thread = {{"id", "thr_1"}, {"created_at", "2025-01-02T03:04:05Z"}, {"items", {{"data", json::array()}, {"has_more", false}}}};
  if (!allowed_image_domains.is_null()) thread["allowed_image_domains"] = allowed_image_domains;
  return {{"type", std::string(type)}, {"thread", thread}};
}

std::size_t image_count(const ThreadPatcher& patcher) {
  const std::string html = testing::to_html(patcher.render());
  std::size_t n = 0;
  for (auto at = html.find("<img"); at != std::string::npos; at = html.find("<img", at + 1)) ++n;
  return n;
}

TEST(ThreadPatcher, ImagesLoadOnlyFromTheThreadsAllowedDomains) {
  Session session;
  session.apply(thread_event("thread.created", {"img.example"}));
  const std::string image = "![chart](https://img.example/c.png)";
  session.apply(added(item_json("m", "assistant_message", {{"content", json::array()}})));
  session.apply(updated("m", text_delta("Here:")));
  session.apply(updated("m", text_delta(" " + image + " ![t](https://evil.example/t.png)")));
  EXPECT_EQ(image_count(session.patcher()), 1u);
  const json markdown = {{"type", "Markdown"}, {"id", "md"}, {"value", image}};
  session.apply(done(widget_item("w", {{"type", "Card"}, {"children", json::array({markdown})}})));
  EXPECT_EQ(image_count(session.patcher()), 2u);
  json changed = markdown;
  changed["value"] = image + " " + image;
  EXPECT_EQ(kinds(session.apply(updated("w", {{"type", "widget.component.updated"}, {"component_id", "md"}, {"component", changed}}))),
            std::vector<std::string>{"replace w/md"});
  EXPECT_EQ(image_count(session.patcher()), 3u);
  // The thread no longer allows the domain: the items showing its images are replaced.
  EXPECT_EQ(kinds(session.apply(thread_event("thread.updated", nullptr))), (std::vector<std::string>{"thread ", "replace m", "replace w"}));
  EXPECT_EQ(image_count(session.patcher()), 0u);
  session.apply(updated("m", text_delta("\n\n" + image)));
  EXPECT_EQ(image_count(session.patcher()), 0u);
  EXPECT_TRUE(session.apply(thread_event("thread.updated", nullptr)).size() == 1u);  // nothing to re-render
}

TEST(ThreadPatcher, DuplicateIdsFallBackToReplacingTheItem) {
  Session session;
  const json card = {{"type", "Card"},
                     {"children", {{{"type", "Text"}, {"id", "a"}, {"value", "1"}}, {{"type", "Text"}, {"id", "a"}, {"value", "2"}}}}};
  session.apply(done(widget_item("w", card)));
  EXPECT_EQ(kinds(session.apply(updated("w", {{"type", "widget.component.updated"}, {"component_id", "a"},
                                              {"component", {{"type", "Text"}, {"id", "b"}, {"value", "x"}}}}))),
            std::vector<std::string>{"replace w"});
}

TEST(ThreadPatcher, EveryWidgetFixturePatchesBeforeIntoAfter) {
  for (const auto& dir : testing::list_dirs("widgets")) {
    SCOPED_TRACE(dir.string());
    const json before = testing::read_json(dir / "before.json");
    const json after = testing::read_json(dir / "after.json");
    Session as_done;
    as_done.apply(done(widget_item("w", before)));
    as_done.apply(done(widget_item("w", after)));
    Session as_updates;
    as_updates.apply(added(widget_item("w", before)));
    for (const json& update : testing::read_json(dir / "fine.json")) as_updates.apply(updated("w", update));
    Session as_root;
    as_root.apply(added(widget_item("w", before)));
    as_root.apply(updated("w", {{"type", "widget.root.updated"}, {"widget", after}}));
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace chatkit::render
