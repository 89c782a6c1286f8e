// The agent's pure parts: tool-argument checking against the declared schema, thread history as
// model input (§8.4) within its budget, and titles without a model.
#include <gtest/gtest.h>

#include "server/agent/history.hpp"
#include "server/agent/json_schema.hpp"
#include "server/models/derived_title.hpp"

namespace chatkit::server {
namespace {

using nlohmann::json;

const json kSchema = json::parse(R"({
  "type": "object",
  "properties": {"todo_id": {"type": "integer", "minimum": 1}, "search_text": {"type": "string", "minLength": 2},
                 "mode": {"enum": ["a", "b"]}, "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2}},
  "additionalProperties": false,
  "anyOf": [{"required": ["todo_id"]}, {"required": ["search_text"]}]
})");

std::string violation(const json& value) {
  const auto found = check_schema(value, kSchema);
  return found ? found->path + " " + found->message : "";
}

TEST(JsonSchema, AcceptsWhatTheSchemaAllows) {
  EXPECT_EQ(violation({{"todo_id", 3}}), "");
  EXPECT_EQ(violation({{"search_text", "mi"}, {"mode", "b"}, {"tags", {"x"}}}), "");
  EXPECT_EQ(violation({{"todo_id", 2.0}}), "") << "an integral float is an integer";
}

TEST(JsonSchema, NamesThePathAndTheProblem) {
  EXPECT_EQ(violation({{"todo_id", "3"}}), "$.todo_id expected integer, got string \"3\"");
  EXPECT_EQ(violation({{"todo_id", 0}}), "$.todo_id must satisfy minimum 1, got 0.0");
  EXPECT_EQ(violation({{"search_text", "é"}}), "$.search_text must have at least 2 characters") << "code points";
  EXPECT_EQ(violation({{"todo_id", 1}, {"colour", "red"}}), "$.colour is not a parameter of this tool");
  EXPECT_EQ(violation({{"todo_id", 1}, {"mode", "c"}}), "$.mode must be one of [\"a\",\"b\"], got \"c\"");
  EXPECT_EQ(violation({{"todo_id", 1}, {"tags", {"x", 2}}}), "$.tags[1] expected string, got integer 2");
  EXPECT_EQ(violation({{"mode", "a"}}), "$.todo_id is required") << "anyOf reports its first alternative";
  EXPECT_EQ(violation(json::array()), "$ expected object, got array []");
}

ThreadItem user(std::string id, std::string text) {
  UserMessageItem item;
  item.id = std::move(id);
  item.content.push_back(InputTextContent{.text = std::move(text)});
  return item;
}

ThreadItem record(std::string call_id, std::string output) {
  FunctionCall call{.call_id = call_id, .name = "add_todo", .arguments = R"({"item":"x"})"};
  return tool_record(call, FunctionOutput{.call_id = call_id, .output = std::move(output)});
}

TEST(History, ToolRecordsComeBackAsCallAndOutput) {
  const auto input = history_input({user("m1", "add x"), record("call_1", R"({"added":{"id":1}})")}, {});
  ASSERT_EQ(input.size(), 3u);
  const auto& call = std::get<FunctionCall>(input[1]);
  EXPECT_EQ(call.call_id, "call_1");
  EXPECT_EQ(call.name, "add_todo");
  EXPECT_EQ(std::get<FunctionOutput>(input[2]).output, R"({"added":{"id":1}})");
}

TEST(History, TheBudgetDropsTheOldestButNeverTheNewestMessageOrAHalfCall) {
  const std::string big(1000, 'x');
  const std::vector<ThreadItem> history = {user("m1", big), record("call_1", big), user("m2", "newest " + big)};
  const auto input = history_input(history, HistoryBudget{.max_chars = 1500});
  ASSERT_FALSE(input.empty());
  EXPECT_FALSE(std::holds_alternative<FunctionOutput>(input.front())) << "never an output without its call";
  EXPECT_EQ(std::get<ModelMessage>(input.back()).text, "newest " + big);
  const auto tiny = history_input(history, HistoryBudget{.max_chars = 10});
  ASSERT_EQ(tiny.size(), 1u) << "the newest user message stays even over budget";
}

TEST(History, HiddenContextIsMarkedAndWidgetsAreDescribed) {
  HiddenContextItem note;
  note.content = "the user is on a phone";
  WidgetItem widget;
  widget.id = "w1";
  widget.widget.value = {{"type", "Card"}, {"children", json::array()}};
  const auto input = history_input({note, widget}, {});
  ASSERT_EQ(input.size(), 2u);
  EXPECT_NE(std::get<ModelMessage>(input[0]).text.find("<hidden_context>"), std::string::npos);
  EXPECT_NE(std::get<ModelMessage>(input[1]).text.find("w1"), std::string::npos);
}

TEST(Titles, DerivedFromTheFirstWords) {
  EXPECT_EQ(derive_title("add buy milk"), "Add buy milk");
  EXPECT_EQ(derive_title("please remind me to call mom tomorrow at noon"), "Please remind me to call mom…");
  EXPECT_EQ(derive_title("   "), "New chat");
  EXPECT_EQ(derive_title("ééééééééééééééééééééééééééééééééé"), "éééééééééééééééééééééééé…") << "whole UTF-8 characters";
}

TEST(Titles, AModelsTitleIsCleaned) {
  EXPECT_EQ(clean_title("Title: \"Milk errands\".\nextra"), "Milk errands");
  EXPECT_EQ(clean_title("**Groceries**"), "Groceries");
}

}  // namespace
}  // namespace chatkit::server
