// The Todo card as the use case emits it: valid against the catalogue in strict mode (only props of
// @openai/chatkit's widget types), in every state it can be in.
#include "use_cases/todo/todo_card.hpp"

#include <gtest/gtest.h>

#include "core/widget/validate.hpp"

namespace chatkit::use_cases {
namespace {

std::string describe(const std::vector<widget::Issue>& issues) {
  std::string text;
  for (const auto& issue : issues) text += "\n  " + issue.path + ": " + issue.message;
  return text;
}

std::vector<Todo> todos(int count, bool done_every_other) {
  std::vector<Todo> list;
  for (int i = 1; i <= count; ++i) {
    Todo todo;
    todo.id = i;
    todo.title = "todo " + std::to_string(i);
    todo.done = done_every_other && i % 2 == 0;
    list.push_back(todo);
  }
  return list;
}

TEST(TodoCard, IsStrictlyValidEmptyFullAndPaged) {
  for (const auto& [list, page] : std::vector<std::pair<std::vector<Todo>, int>>{
           {{}, 1}, {todos(3, true), 1}, {todos(kTodosPerPage * 2 + 3, true), 2}, {todos(kTodosPerPage * 2 + 3, false), 3}}) {
    const auto card = build_todo_card(list, TodoCardView{.page = page, .form_revision = 7});
    const auto issues = widget::validate(card, widget::Strictness::strict);
    EXPECT_TRUE(issues.empty()) << list.size() << " todos, page " << page << describe(issues);
    const auto note = build_snapshot_note(card);
    EXPECT_TRUE(widget::validate(note, widget::Strictness::strict).empty()) << describe(widget::validate(note, widget::Strictness::strict));
  }
}

TEST(TodoCard, NamesEachCheckboxByItsTodoAndMarksDoneOnes) {
  const auto card = build_todo_card(todos(2, true), TodoCardView{});
  const std::string text = card.dump();
  EXPECT_NE(text.find(R"("label":"todo 1")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("defaultChecked":true)"), std::string::npos) << text;
  EXPECT_EQ(text.find("ariaLabel"), std::string::npos) << "not a prop of Checkbox or Button in the official types";
}

}  // namespace
}  // namespace chatkit::use_cases
