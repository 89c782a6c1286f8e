// The todo card's actions through the use case, as the server runs them once it has checked that
// the card offered them: what each click changes, the card updated in place (only what changed),
// the notes for a click that changed nothing, and the stale note.
#include <gtest/gtest.h>

#include "core/widget/action_json.hpp"
#include "server/chatkit/stream_error.hpp"
#include "support/use_case_harness.hpp"
#include "use_cases/todo/todo_action_types.hpp"
#include "use_cases/todo/todo_card.hpp"
#include "use_cases/todo/todo_tools.hpp"
#include "use_cases/todo/todo_use_case.hpp"

namespace chatkit::use_cases {
namespace {

using nlohmann::json;
using testing::UseCaseHarness;

Action action_of(const json& offered) {
  return Action{.type = offered.at("type"), .payload = offered.value("payload", json())};
}

class TodoActionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = TodoStore::open(harness.tables());
    ASSERT_TRUE(opened.ok()) << describe(opened.error());
    store = opened->get();
    todo = std::make_unique<TodoUseCase>(std::move(*opened));
  }
  // Adds todos by the tool and returns the id of the card shown after the last one.
  std::string card_with(std::initializer_list<std::string_view> titles) {
    std::vector<ThreadStreamEvent> events;
    for (auto title : titles) harness.call_tool(*todo, "add_todo", {{"item", title}}, &events);
    return testing::shown_widgets(events).at(0).id;
  }
  json stored_card() { return harness.stored_widgets().back().widget.value; }
  std::vector<Todo> todos() { return *store->list(harness.context().user_id); }

  UseCaseHarness harness;
  TodoStore* store = nullptr;
  std::unique_ptr<TodoUseCase> todo;
};

TEST_F(TodoActionsTest, TickingUpdatesTheRowAndTheBadgesInPlaceAndSendsTheCounts) {
  const std::string card = card_with({"buy milk", "walk dog"});
  Action tick = action_of(widget::action_json(kToggleTodo, {.id = 1, .done = std::nullopt}));
  tick.payload["done"] = true;  // the checkbox's value, as the client adds it
  const auto events = harness.click(*todo, tick, card);
  EXPECT_TRUE(todos()[0].done);
  EXPECT_FALSE(todos()[1].done);
  EXPECT_TRUE(testing::shown_widgets(events).empty());  // no new card
  const auto updates = testing::events_of<ThreadItemUpdatedEvent>(events);
  EXPECT_GE(updates.size(), 2u);  // the row and the badges, not the whole card
  for (const auto& update : updates) EXPECT_EQ(update.item_id, card);
  EXPECT_EQ(stored_card(), build_todo_card(todos(), {}));
  EXPECT_EQ(testing::events_of<ClientEffectEvent>(events).at(0).data, json({{"pending", 1}, {"done", 1}}));
}

TEST_F(TodoActionsTest, AToggleWithoutAValueFlipsTheStoredState) {
  const std::string card = card_with({"buy milk"});
  const Action toggle = action_of(widget::action_json(kToggleTodo, {.id = 1, .done = std::nullopt}));
  harness.click(*todo, toggle, card);
  EXPECT_TRUE(todos()[0].done);
  harness.click(*todo, toggle, card);
  EXPECT_FALSE(todos()[0].done);
}

TEST_F(TodoActionsTest, CompleteDeleteAndAdd) {
  const std::string card = card_with({"buy milk", "walk dog"});
  harness.click(*todo, action_of(widget::action_json(kCompleteTodo, {.id = 2})), card);
  EXPECT_TRUE(todos()[1].done);
  harness.click(*todo, action_of(widget::action_json(kDeleteTodo, {.id = 1})), card);
  ASSERT_EQ(todos().size(), 1u);
  EXPECT_EQ(todos()[0].title, "walk dog");
  Action add = action_of(widget::action_json(kAddTodo));
  add.payload = {{"todo_text", "water plants"}};
  const auto events = harness.click(*todo, add, card);
  EXPECT_EQ(todos().back().title, "water plants");
  EXPECT_EQ(form_revision(stored_card()), 1);  // a new input: the typed text is cleared
  EXPECT_EQ(stored_card(), build_todo_card(todos(), {.page = 1, .form_revision = 1}));
  EXPECT_EQ(testing::events_of<ClientEffectEvent>(events).size(), 1u);
}

TEST_F(TodoActionsTest, AnEmptyAddOrAGoneTodoLeavesTheListAndSaysWhy) {
  const std::string card = card_with({"buy milk"});
  auto events = harness.click(*todo, action_of(widget::action_json(kAddTodo)), card);
  EXPECT_EQ(testing::events_of<NoticeEvent>(events).at(0).message, "Type a todo in the box first.");
  EXPECT_TRUE(testing::events_of<ClientEffectEvent>(events).empty());
  ASSERT_TRUE(store->remove(harness.context().user_id, 1).ok());  // another tab deleted it
  events = harness.click(*todo, action_of(widget::action_json(kCompleteTodo, {.id = 1})), card);
  EXPECT_NE(testing::events_of<NoticeEvent>(events).at(0).message.find("no longer exists"), std::string::npos);
  EXPECT_EQ(stored_card(), build_todo_card({}, {}));  // the card now shows the current list
}

TEST_F(TodoActionsTest, PagingKeepsTheListAndShowsThePage) {
  std::vector<std::string> titles;
  for (int i = 1; i <= kTodosPerPage + 3; ++i) ASSERT_TRUE(store->add(harness.context().user_id, "t" + std::to_string(i)).ok());
  const std::string card = card_with({"last"});
  harness.click(*todo, action_of(widget::action_json(kShowTodoPage, {.page = 2})), card);
  EXPECT_EQ(shown_page(stored_card()), 2);
  EXPECT_EQ(todos().size(), static_cast<std::size_t>(kTodosPerPage + 4));
}

TEST_F(TodoActionsTest, TheStaleNoteIsForATodoThatExistedOnly) {
  card_with({"buy milk", "walk dog"});
  ASSERT_TRUE(store->remove(harness.context().user_id, 2).ok());
  const auto& who = harness.context();
  const Action gone = action_of(widget::action_json(kDeleteTodo, {.id = 2}));
  EXPECT_NE(todo->explain_stale_action(gone, who).value_or("").find("no longer exists"), std::string::npos);
  // Still there, never issued, or not a row action: the refusal stands.
  EXPECT_EQ(todo->explain_stale_action(action_of(widget::action_json(kCompleteTodo, {.id = 1})), who), std::nullopt);
  EXPECT_EQ(todo->explain_stale_action(action_of(widget::action_json(kDeleteTodo, {.id = 99})), who), std::nullopt);
  EXPECT_EQ(todo->explain_stale_action(action_of(widget::action_json(kShowTodoPage, {.page = 1})), who), std::nullopt);
  // Another user never issued todo 2.
  EXPECT_EQ(todo->explain_stale_action(gone, server::RequestContext{.user_id = "u2", .locale = ""}), std::nullopt);
}

TEST_F(TodoActionsTest, AnActionNeedsTheTodoCardAsSender) {
  std::optional<std::string> message;
  const Action complete = action_of(widget::action_json(kCompleteTodo, {.id = 1}));
  harness.respond([&](server::Turn& turn) -> server::awaitable<void> {
    try {
      co_await todo->action(turn, complete, std::nullopt);
    } catch (const server::StreamError& error) {
      message = error.event().message;
    }
  });
  EXPECT_EQ(message, std::optional<std::string>("This action belongs to a todo card."));
}

TEST_F(TodoActionsTest, EveryServerActionTheCardOffersIsInTheTable) {
  std::vector<Todo> many;
  for (int i = 1; i <= kTodosPerPage + 1; ++i) many.push_back({.id = i, .title = "t", .done = i == 1});
  std::vector<std::string> offered;
  std::function<void(const json&)> walk = [&](const json& node) {
    if (node.is_object()) {
      for (const char* key : {"onClickAction", "onChangeAction", "onSubmitAction"}) {
        if (node.contains(key) && node[key].value("handler", "server") == "server") offered.push_back(node[key]["type"]);
      }
    }
    if (node.is_object() || node.is_array()) {
      for (const auto& child : node) walk(child);
    }
  };
  walk(build_todo_card(many, {.page = 1, .form_revision = 0}));
  walk(build_todo_card(many, {.page = 2, .form_revision = 0}));
  ASSERT_FALSE(offered.empty());
  for (const auto& type : offered) {
    std::optional<ErrorEvent> error;
    const Action bare{.type = type, .payload = nullptr};
    harness.respond([&](server::Turn& turn) -> server::awaitable<void> {
      try {
        co_await todo->action(turn, bare, std::nullopt);
      } catch (const server::StreamError& failure) {
        error = failure.event();
      }
    });
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->message->find("has no action"), std::string::npos) << type;
  }
}

}  // namespace
}  // namespace chatkit::use_cases
