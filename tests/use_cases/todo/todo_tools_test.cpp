// Todo's tools as the agent calls them, without a model: each output, the card asked for after the
// reply, the counts sent to the host page, and the errors the model hears.
#include "use_cases/todo/todo_tools.hpp"

#include <gtest/gtest.h>

#include "support/use_case_harness.hpp"
#include "use_cases/todo/todo_card.hpp"
#include "use_cases/todo/todo_use_case.hpp"

namespace chatkit::use_cases {
namespace {

using nlohmann::json;
using testing::UseCaseHarness;

class TodoToolsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = TodoStore::open(harness.tables());
    ASSERT_TRUE(store.ok()) << describe(store.error());
    todo = std::make_unique<TodoUseCase>(std::move(*store));
  }
  json call(std::string_view tool, const json& arguments, std::vector<ThreadStreamEvent>* events = nullptr) {
    return harness.call_tool(*todo, tool, arguments, events);
  }
  UseCaseHarness harness;
  std::unique_ptr<TodoUseCase> todo;
};

TEST_F(TodoToolsTest, AddGivesTheTodoWithItsIdSendsTheCountsAndShowsTheCard) {
  std::vector<ThreadStreamEvent> events;
  const json output = call("add_todo", {{"item", "  buy milk "}}, &events);
  EXPECT_EQ(output, json({{"added", {{"id", 1}, {"title", "buy milk"}, {"done", false}}}}));
  const auto effects = testing::events_of<ClientEffectEvent>(events);
  ASSERT_EQ(effects.size(), 1u);
  EXPECT_EQ(effects[0].name, kCountsEffect);
  EXPECT_EQ(effects[0].data, json({{"pending", 1}, {"done", 0}}));
  const auto cards = testing::shown_widgets(events);
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_TRUE(is_todo_card(cards[0].widget.value));
  EXPECT_EQ(cards[0].widget.value, build_todo_card({Todo{.id = 1, .title = "buy milk", .done = false}}, {}));
}

TEST_F(TodoToolsTest, CompleteByTextPrefersAnOpenTodoAndByIdNamesTheListWhenMissing) {
  call("add_todo", {{"item", "call mom"}});
  call("add_todo", {{"item", "call the bank"}});
  call("complete_todo", {{"todo_id", 2}});
  // "call" matches both; only #1 is open, so completing by text picks it.
  EXPECT_EQ(call("find_and_complete_todo", {{"search_text", "call"}}),
            json({{"completed", {{"id", 1}, {"title", "call mom"}, {"done", true}}}}));
  const json missing = call("complete_todo", {{"todo_id", 9}});
  ASSERT_TRUE(missing.contains("error")) << missing;
  EXPECT_NE(missing["error"].get<std::string>().find("no todo with id 9"), std::string::npos);
  EXPECT_NE(missing["error"].get<std::string>().find("#1 call mom (done)"), std::string::npos) << missing;
}

TEST_F(TodoToolsTest, AnAmbiguousTextAsksWhichOne) {
  call("add_todo", {{"item", "call mom"}});
  call("add_todo", {{"item", "call the bank"}});
  const json output = call("find_and_delete_todo", {{"search_text", "call"}});
  ASSERT_TRUE(output.contains("error")) << output;
  EXPECT_NE(output["error"].get<std::string>().find("several todos match"), std::string::npos);
  EXPECT_EQ(call("list_todos", json::object())["todos"].size(), 2u);  // nothing was deleted
}

TEST_F(TodoToolsTest, RenameUncompleteListAndClearCompleted) {
  call("add_todo", {{"item", "buy milk"}});
  call("add_todo", {{"item", "walk dog"}});
  EXPECT_EQ(call("rename_todo", {{"search_text", "milk"}, {"new_title", "buy oat milk"}}),
            json({{"renamed", {{"id", 1}, {"title", "buy oat milk"}, {"done", false}}}, {"old_title", "buy milk"}}));
  call("complete_todo", {{"todo_id", 2}});
  EXPECT_EQ(call("uncomplete_todo", {{"todo_id", 2}}), json({{"reopened", {{"id", 2}, {"title", "walk dog"}, {"done", false}}}}));
  call("complete_todo", {{"todo_id", 1}});
  std::vector<ThreadStreamEvent> events;
  EXPECT_EQ(call("clear_completed", json::object(), &events),
            json({{"cleared", {{{"id", 1}, {"title", "buy oat milk"}, {"done", true}}}}}));
  EXPECT_EQ(testing::events_of<ClientEffectEvent>(events).at(0).data, json({{"pending", 1}, {"done", 0}}));
  EXPECT_EQ(call("list_todos", json::object()), json({{"todos", {{{"id", 2}, {"title", "walk dog"}, {"done", false}}}}}));
}

TEST_F(TodoToolsTest, ListingSendsNoCountsButShowsTheCard) {
  call("add_todo", {{"item", "buy milk"}});
  std::vector<ThreadStreamEvent> events;
  call("list_todos", json::object(), &events);
  EXPECT_TRUE(testing::events_of<ClientEffectEvent>(events).empty());
  EXPECT_EQ(testing::shown_widgets(events).size(), 1u);
}

TEST_F(TodoToolsTest, AnEmptyTitleIsAnErrorTheModelHears) {
  const json output = call("add_todo", {{"item", "   "}});
  EXPECT_EQ(output, json({{"error", "a todo needs a title"}}));
  EXPECT_TRUE(call("list_todos", json::object())["todos"].empty());
}

TEST_F(TodoToolsTest, TheLocalTimeToolIsTheBrowsers) {
  const auto tools = todo->tools(harness.thread());
  const auto found = std::find_if(tools->begin(), tools->end(), [](const server::Tool& t) { return t.name == kLocalTimeTool; });
  ASSERT_NE(found, tools->end());
  EXPECT_EQ(found->kind, server::ToolKind::client);
  EXPECT_FALSE(static_cast<bool>(found->handler));
}

TEST_F(TodoToolsTest, EachUserHasTheirOwnList) {
  call("add_todo", {{"item", "mine"}});
  harness.become("u2");
  EXPECT_TRUE(call("list_todos", json::object())["todos"].empty());
  EXPECT_EQ(call("add_todo", {{"item", "theirs"}})["added"]["id"], 1);
}

}  // namespace
}  // namespace chatkit::use_cases
