// What the offline model understands of the Todo use case, phrase by phrase, and its replies.
#include "use_cases/todo/todo_skill.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "server/models/offline/offline_model.hpp"

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

// The date and the time are the browser's to say: the skill calls the client tool.
TEST(TodoSkill, AsksTheBrowserForTheDateAndTheTime) {
  for (const char* message : {"what's the date today?", "What time is it?", "what time is it now",
                              "what day is it today", "what’s the time", "what is today's date",
                              "Please tell me the time.", "which day is it?", "whats the day today"}) {
    EXPECT_EQ(plan_of(message), "get_local_time{}") << message;
  }
  EXPECT_EQ(plan_of("what's the weather today?"), "");
  EXPECT_EQ(plan_of("add check the time"), R"(add_todo{"item":"check the time"})") << "a todo about time is a todo";
}

// 1 MiB in one message, well within the default 4 MiB body limit (issue 14): as many words, and
// one word without a space. std::regex recursed once per character on such text and overflowed
// the stack.
constexpr std::size_t kMegabyte = 1 << 20;

std::vector<std::string> long_texts() {
  std::string words;
  while (words.size() < kMegabyte) words += "lorem ipsum ";
  words.pop_back();
  return {words, std::string(kMegabyte, 'x')};
}

// The message's start, to say which case failed without printing a megabyte.
std::string head(const std::string& text) {
  return text.substr(0, 40) + "… (" + std::to_string(text.size()) + " bytes)";
}

TEST(TodoSkill, EveryPhrasingTakesAMegabyteOfText) {
  struct Case {
    std::string message;
    std::string call;
    json arguments;
  };
  const std::string space(kMegabyte, ' ');
  for (const std::string& x : long_texts()) {
    const std::vector<Case> cases = {
        {"add " + x, "add_todo", {{"item", x}}},
        {"please add " + x + " to my list", "add_todo", {{"item", x}}},
        {"remind me to " + x, "add_todo", {{"item", x}}},
        {"i need to " + x, "add_todo", {{"item", x}}},
        {"I finished " + x, "find_and_complete_todo", {{"search_text", x}}},
        {"complete " + x, "find_and_complete_todo", {{"search_text", x}}},
        {"mark " + x + " as done", "find_and_complete_todo", {{"search_text", x}}},
        {"tick off " + x, "find_and_complete_todo", {{"search_text", x}}},
        {"reopen " + x, "uncomplete_todo", {{"search_text", x}}},
        {"mark " + x + " as not done", "uncomplete_todo", {{"search_text", x}}},
        {"remove " + x, "find_and_delete_todo", {{"search_text", x}}},
        {"delete the " + x + " one", "find_and_delete_todo", {{"search_text", x}}},
        {"rename " + x + " to oat milk", "rename_todo", {{"search_text", x}, {"new_title", "oat milk"}}},
        {"rename milk to " + x, "rename_todo", {{"search_text", "milk"}, {"new_title", x}}},
        {"what's on my list " + x, "list_todos", json::object()},
        {"what's" + space + "on my list", "list_todos", json::object()},
        {"clear" + space + "completed", "clear_completed", json::object()},
        {"what's" + space + "the date today", "get_local_time", json::object()},
    };
    for (const auto& c : cases) {
      const auto calls = TodoSkill().plan(c.message);
      ASSERT_EQ(calls.size(), 1u) << head(c.message);
      EXPECT_EQ(calls[0].name, c.call) << head(c.message);
      EXPECT_TRUE(calls[0].arguments == c.arguments) << head(c.message) << " gave " << head(calls[0].arguments.dump());
    }
    EXPECT_EQ(plan_of("how is " + x), "");
  }
}

// trim() once copied the text for every quote it removed: quadratic, minutes on a megabyte.
TEST(TodoSkill, TrimsAMegabyteOfQuotesAndPunctuation) {
  std::string quotes;
  while (quotes.size() < kMegabyte) quotes += "“ ’.”‘ ";
  EXPECT_EQ(plan_of(quotes + "clear completed" + quotes), R"(clear_completed{})");
  EXPECT_EQ(plan_of("add " + quotes + "buy milk" + quotes), R"(add_todo{"item":"buy milk"})");
  EXPECT_EQ(plan_of(quotes), "");
}

// The offline model's text answer to one message, with the Todo skill's tools offered.
std::string offline_answer(std::string message) {
  server::OfflineModel model({.word_delay = std::chrono::milliseconds(0)}, {std::make_shared<TodoSkill>()});
  server::ModelRequest request;
  request.input.push_back(server::ModelMessage{.role = server::MessageRole::user, .text = std::move(message)});
  for (auto& name : TodoSkill().tool_names()) {
    request.tools.push_back({.name = name, .description = "", .parameters = {}});
  }
  struct TextSink final : server::ModelEventSink {
    server::awaitable<void> on_event(server::ModelEvent event) override {
      if (auto* delta = std::get_if<server::TextDelta>(&event)) text += delta->delta;
      co_return;
    }
    std::string text;
  } sink;
  boost::asio::io_context io;
  boost::asio::co_spawn(io, model.stream(request, sink), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run();
  return sink.text;
}

TEST(OfflineModel, CountsToNAfterOrBeforeAMegabyte) {
  const std::string space(kMegabyte, ' ');
  EXPECT_EQ(offline_answer("count to 3"), "1 2 3.");
  EXPECT_EQ(offline_answer("Count up to 2, please"), "1 2.");
  EXPECT_EQ(offline_answer(space + "count to 3"), "1 2 3.");
  EXPECT_EQ(offline_answer("count to" + space + "3"), "1 2 3.");
  for (const std::string& x : long_texts()) EXPECT_EQ(offline_answer("count to 3 " + x), "1 2 3.");
  EXPECT_EQ(offline_answer("count to 3" + long_texts()[1]).find("1 2 3."), std::string::npos) << "3xxx is no number";
}

TEST(TodoSkill, RepliesFromTheToolsOutputs) {
  const TodoSkill skill;
  const json milk = {{"id", 1}, {"title", "buy milk"}, {"done", false}};
  EXPECT_EQ(skill.reply({{"add_todo", json::object(), {{"added", milk}}}}), "Added “buy milk” to your list.");
  EXPECT_EQ(skill.reply({{"list_todos", json::object(), {{"todos", json::array()}}}}), "Your list is empty.");
  EXPECT_EQ(skill.reply({{"find_and_delete_todo", json::object(), {{"error", "no todo matches \"x\""}}}}),
            "I couldn't do that: no todo matches \"x\".");
}

// Whatever the browser sent as get_local_time's result, the reply says it or says what is missing.
TEST(TodoSkill, SaysTheTimeTheBrowserGave) {
  const TodoSkill skill;
  const auto reply = [&](json output) { return skill.reply({{"get_local_time", json::object(), std::move(output)}}); };
  EXPECT_EQ(reply({{"local_time", "2025-06-03T14:05:09+02:00"}, {"time_zone", "Europe/Paris"}}),
            "It is Tuesday, 3 June 2025, 14:05 (Europe/Paris).");
  EXPECT_EQ(reply({{"local_time", "2024-02-29T00:07:00Z"}}), "It is Thursday, 29 February 2024, 00:07.");
  EXPECT_EQ(reply({{"local_time", "2026-12-24T18:30"}, {"time_zone", "Europe/Paris"}}),
            "It is Thursday, 24 December 2026, 18:30 (Europe/Paris).") << "seconds and offset are optional";
  EXPECT_EQ(reply({{"local_time", "2025-02-30T10:00:00"}, {"time_zone", "UTC"}}),
            "Your browser says it is 2025-02-30T10:00:00 (UTC).") << "no such day: said as given";
  EXPECT_EQ(reply({{"local_time", "teatime"}}), "Your browser says it is teatime.");
  EXPECT_EQ(reply({{"local_time", "2025"}}), "Your browser says it is 2025.");
  EXPECT_EQ(reply({{"error", "the page has no clock"}}),
            "I couldn't read your browser's clock: the page has no clock.");
  for (const json& nothing : {json(42), json::object(), json({{"local_time", 1}}), json("noon")}) {
    EXPECT_EQ(reply(nothing), "Your browser did not say what time it is.") << nothing;
  }
  const json milk = {{"id", 1}, {"title", "buy milk"}, {"done", false}};
  EXPECT_EQ(skill.reply({{"add_todo", json::object(), {{"added", milk}}},
                         {"get_local_time", json::object(), {{"local_time", "2025-06-03T09:30:00+02:00"}}}}),
            "Added “buy milk” to your list. It is Tuesday, 3 June 2025, 09:30.");
}

}  // namespace
}  // namespace chatkit::use_cases
