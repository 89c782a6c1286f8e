#include "use_cases/todo/todo_skill.hpp"

#include <functional>
#include <regex>

namespace chatkit::use_cases {

namespace {

using nlohmann::json;
using server::PlannedCall;

std::string trim_ascii(const std::string& text) {
  constexpr std::string_view junk = " \t\r\n.!?,;:\"'";
  const auto begin = text.find_first_not_of(junk);
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(junk) - begin + 1);
}

// Spaces, end punctuation and quotes (curly ones too, removed as whole characters) around the text.
std::string trim(std::string text) {
  for (std::string before; before != text;) {
    before = text;
    text = trim_ascii(text);
    for (std::string_view quote : {"“", "”", "‘", "’"}) {
      if (text.starts_with(quote)) text.erase(0, quote.size());
      if (text.ends_with(quote)) text.erase(text.size() - quote.size());
    }
  }
  return text;
}

// "the milk one" → "milk": the words that name a todo, without the filler around them.
std::string todo_words(std::string text) {
  static const std::regex leading(R"(^(?:the|my|a|an)\s+)", std::regex::icase);
  static const std::regex trailing(R"(\s+(?:one|item|todo|task|from\s+(?:my|the)\s+(?:todo\s+)?list)$)",
                                   std::regex::icase);
  text = trim(std::move(text));
  text = std::regex_replace(text, leading, "");
  text = std::regex_replace(text, trailing, "");
  return trim(std::move(text));
}

struct Rule {
  std::regex pattern;
  std::function<std::vector<PlannedCall>(const std::smatch&)> calls;
};

std::vector<PlannedCall> one(std::string name, json arguments) {
  std::vector<PlannedCall> calls;
  calls.push_back(PlannedCall{.name = std::move(name), .arguments = std::move(arguments)});
  return calls;
}

std::regex phrase(const char* pattern) { return std::regex(pattern, std::regex::icase); }

const std::vector<Rule>& rules() {
  static const std::vector<Rule> all = [] {
    std::vector<Rule> r;
    r.push_back({phrase(R"(^(?:please\s+)?(?:clear|remove|delete)\s+(?:all\s+)?(?:the\s+)?(?:completed|done|finished)(?:\s+(?:ones|todos|items|tasks))?$)"),
                 [](const std::smatch&) { return one("clear_completed", json::object()); }});
    r.push_back({phrase(R"(^(?:what'?s|what\s+is)\s+on\s+my\s+(?:todo\s+)?list|^(?:show|list)(?:\s+me)?(?:\s+my)?\s+(?:todos|todo\s+list|list|tasks)$|^what\s+do\s+i\s+(?:have|need)\s+to\s+do$)"),
                 [](const std::smatch&) { return one("list_todos", json::object()); }});
    r.push_back({phrase(R"(^(?:rename|change)\s+(.+?)\s+(?:to|into)\s+(.+)$)"), [](const std::smatch& m) {
                   return one("rename_todo", {{"search_text", todo_words(m[1])}, {"new_title", trim(m[2])}});
                 }});
    r.push_back({phrase(R"(^(?:uncheck|untick|reopen|undo)\s+(.+)$|^mark\s+(.+?)\s+as\s+(?:not\s+done|undone|pending|open)$)"),
                 [](const std::smatch& m) {
                   return one("uncomplete_todo", {{"search_text", todo_words(m[1].matched ? m[1] : m[2])}});
                 }});
    r.push_back({phrase(R"(^(?:i\s+)?(?:have\s+|'ve\s+)?(?:finished|completed|done\s+with|did)\s+(.+)$|^(?:complete|finish)\s+(.+)$|^(?:mark|tick|check)\s+(?:off\s+)?(.+?)(?:\s+(?:as\s+)?(?:done|complete|completed|finished))?$)"),
                 [](const std::smatch& m) {
                   const std::string text = m[1].matched ? m[1] : m[2].matched ? m[2] : m[3];
                   return one("find_and_complete_todo", {{"search_text", todo_words(text)}});
                 }});
    r.push_back({phrase(R"(^(?:please\s+)?(?:remove|delete|drop|forget|cross\s+off)\s+(.+)$)"), [](const std::smatch& m) {
                   return one("find_and_delete_todo", {{"search_text", todo_words(m[1])}});
                 }});
    r.push_back({phrase(R"(^(?:please\s+)?(?:add|create|put)\s+(.+?)(?:\s+(?:to|on)\s+(?:my|the)\s+(?:todo\s+)?list)?$|^(?:please\s+)?remind\s+me\s+to\s+(.+)$|^i\s+(?:need|have)\s+to\s+(.+)$)"),
                 [](const std::smatch& m) {
                   const std::string text = m[1].matched ? m[1] : m[2].matched ? m[2] : m[3];
                   return one("add_todo", {{"item", trim(text)}});
                 }});
    return r;
  }();
  return all;
}

std::string quoted(const json& todo) { return "“" + todo.value("title", std::string()) + "”"; }

std::string listing_reply(const json& todos) {
  if (todos.empty()) return "Your list is empty.";
  std::string pending;
  int done = 0;
  for (const auto& todo : todos) {
    if (todo.value("done", false)) {
      ++done;
    } else {
      pending += (pending.empty() ? "" : ", ") + quoted(todo);
    }
  }
  if (pending.empty()) return "All " + std::to_string(done) + " of your todos are done. 🎉";
  return "Still to do: " + pending + "." + (done ? " Done: " + std::to_string(done) + "." : "");
}

std::string cleared_reply(const json& cleared) {
  if (cleared.empty()) return "There were no completed todos to clear.";
  return "Cleared " + std::to_string(cleared.size()) + " completed todo" + (cleared.size() == 1 ? "." : "s.");
}

std::string reply_to(const server::ToolExchange& exchange) {
  const json& out = exchange.output;
  if (!out.is_object()) return "Something went wrong.";
  if (out.contains("error")) return "I couldn't do that: " + out["error"].get<std::string>() + ".";
  if (out.contains("added")) return "Added " + quoted(out["added"]) + " to your list.";
  if (out.contains("completed")) return "Marked " + quoted(out["completed"]) + " as done. ✓";
  if (out.contains("reopened")) return "Marked " + quoted(out["reopened"]) + " as not done.";
  if (out.contains("deleted")) return "Removed " + quoted(out["deleted"]) + " from your list.";
  if (out.contains("renamed")) {
    return "Renamed “" + out.value("old_title", std::string()) + "” to " + quoted(out["renamed"]) + ".";
  }
  if (out.contains("todos")) return listing_reply(out["todos"]);
  if (out.contains("cleared")) return cleared_reply(out["cleared"]);
  return "Done.";
}

}  // namespace

std::vector<std::string> TodoSkill::tool_names() const {
  return {"add_todo", "find_and_complete_todo", "uncomplete_todo", "find_and_delete_todo", "rename_todo",
          "list_todos", "clear_completed"};
}

std::vector<PlannedCall> TodoSkill::plan(std::string_view message) const {
  const std::string text = trim(std::string(message));
  for (const auto& rule : rules()) {
    std::smatch match;
    if (std::regex_search(text, match, rule.pattern)) return rule.calls(match);
  }
  return {};
}

std::string TodoSkill::reply(const std::vector<server::ToolExchange>& exchanges) const {
  std::string text;
  for (const auto& exchange : exchanges) text += (text.empty() ? "" : " ") + reply_to(exchange);
  return text;
}

std::string TodoSkill::help() const {
  return "I am the offline model, a few rules rather than a language model, so I understand these phrasings: "
         "“add buy milk”, “remind me to call mom”, “I finished buy milk”, “reopen buy milk”, “remove the milk one”, "
         "“rename milk to oat milk”, “what's on my list?” and “clear completed”. The card below works with clicks too.";
}

}  // namespace chatkit::use_cases
