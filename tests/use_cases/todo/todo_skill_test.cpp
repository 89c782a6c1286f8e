// What the offline model understands of the Todo use case, phrase by phrase, and its replies.
#include "use_cases/todo/todo_skill.hpp"

#include <gtest/gtest.h>

namespace chatkit::use_cases {
namespace {

using nlohmann::json;

std::string plan_of(std::string_view message) {
  const auto calls = TodoSkill().plan(message);
  std::string text;
  for (const auto& call : calls) text += call.name + call.arguments.dump();
  return text;
}

TEST(TodoSkill, ThePhrasingsOfTheIssue) {
  EXPECT_EQ(plan_of("add buy milk"), R"(add_todo{"item":"buy milk"})");
  EXPECT_EQ(plan_of("remind me to call mom"), R"(add_todo{"item":"call mom"})");
  EXPECT_EQ(plan_of("I finished buy milk"), R"(find_and_complete_todo{"search_text":"buy milk"})");
  EXPECT_EQ(plan_of("remove the milk one"), R"(find_and_delete_todo{"search_text":"milk"})");
  EXPECT_EQ(plan_of("what's on my list?"), R"(list_todos{})");
  EXPECT_EQ(plan_of("clear completed"), R"(clear_completed{})");
}

TEST(TodoSkill, MorePhrasings) {
  EXPECT_EQ(plan_of("Add “walk the dog” to my list."), R"(add_todo{"item":"walk the dog"})");
  EXPECT_EQ(plan_of("mark the milk one as done"), R"(find_and_complete_todo{"search_text":"milk"})");
  EXPECT_EQ(plan_of("reopen buy milk"), R"(uncomplete_todo{"search_text":"buy milk"})");
  EXPECT_EQ(plan_of("rename milk to oat milk"), R"(rename_todo{"new_title":"oat milk","search_text":"milk"})");
  EXPECT_EQ(plan_of("delete all done todos"), R"(clear_completed{})");
  EXPECT_EQ(plan_of("add zażółć gęślą jaźń"), R"(add_todo{"item":"zażółć gęślą jaźń"})") << "UTF-8 survives trimming";
  EXPECT_EQ(plan_of("how is the weather?"), "");
}

TEST(TodoSkill, RepliesFromTheToolsOutputs) {
  const TodoSkill skill;
  const json milk = {{"id", 1}, {"title", "buy milk"}, {"done", false}};
  EXPECT_EQ(skill.reply({{"add_todo", json::object(), {{"added", milk}}}}), "Added “buy milk” to your list.");
  EXPECT_EQ(skill.reply({{"list_todos", json::object(), {{"todos", json::array()}}}}), "Your list is empty.");
  EXPECT_EQ(skill.reply({{"find_and_delete_todo", json::object(), {{"error", "no todo matches \"x\""}}}}),
            "I couldn't do that: no todo matches \"x\".");
}

}  // namespace
}  // namespace chatkit::use_cases
