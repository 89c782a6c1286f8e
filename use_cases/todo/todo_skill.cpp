#include "use_cases/todo/todo_skill.hpp"

#include <array>
#include <cctype>
#include <chrono>
#include <functional>
#include <optional>

#include "server/models/offline/phrase_match.hpp"
#include "use_cases/todo/todo_tools.hpp"

namespace chatkit::use_cases {

namespace {

using nlohmann::json;
using server::Captures;
using server::Phrase;
using server::PlannedCall;

// All of ASCII whitespace (what separates words), end punctuation and ASCII quotes.
constexpr std::string_view kJunk = " \t\r\n\v\f.!?,;:\"'";
constexpr std::array<std::string_view, 4> kCurlyQuotes = {"“", "”", "‘", "’"};

// How many bytes of junk the text starts with: 1 for a character of kJunk, a curly quote's size, or 0.
std::size_t junk_in_front(std::string_view text) {
  if (!text.empty() && kJunk.find(text.front()) != std::string_view::npos) return 1;
  for (std::string_view quote : kCurlyQuotes) {
    if (text.starts_with(quote)) return quote.size();
  }
  return 0;
}

std::size_t junk_at_back(std::string_view text) {
  if (!text.empty() && kJunk.find(text.back()) != std::string_view::npos) return 1;
  for (std::string_view quote : kCurlyQuotes) {
    if (text.ends_with(quote)) return quote.size();
  }
  return 0;
}

// Spaces, end punctuation and quotes (curly ones too, removed as whole characters) around the text.
// Each removed once, without copying: linear however many there are.
std::string strip_junk(std::string_view text) {
  while (const std::size_t n = junk_in_front(text)) text.remove_prefix(n);
  while (const std::size_t n = junk_at_back(text)) text.remove_suffix(n);
  return std::string(text);
}

// What the phrase's "…" holds ("… as done" takes "milk" out of "milk as done"), or all the text
// when the phrase does not match.
std::string_view inside(const Phrase& phrase, std::string_view text) {
  const auto match = phrase.match(text);
  return match ? match->front() : text;
}

// "the milk one" → "milk": the words that name a todo, without the filler around them.
std::string todo_words(std::string_view text) {
  static const Phrase article("the|my|a|an …");
  static const Phrase filler("… one|item|todo|task|from_my_list|from_the_list|from_my_todo_list|from_the_todo_list");
  const std::string trimmed = strip_junk(text);
  return strip_junk(inside(filler, inside(article, trimmed)));
}

struct Rule {
  Phrase phrase;
  // Empty when the rule does not apply after all, so that the next one is tried.
  std::function<std::vector<PlannedCall>(const Captures&)> calls;
};

std::vector<PlannedCall> one(std::string name, json arguments) {
  std::vector<PlannedCall> calls;
  calls.push_back(PlannedCall{.name = std::move(name), .arguments = std::move(arguments)});
  return calls;
}

// "list", "List?", "list, please", "listing": the regex this replaces did not ask for a whole word.
bool starts_with_list(std::string_view text) {
  std::string start(text.substr(0, 4));
  for (char& c : start) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return start == "list";
}

// The phrasings, in order: the first that applies makes the plan (Phrase says how to read them).
const std::vector<Rule>& rules() {
  static const std::vector<Rule> all = [] {
    auto list = [](const Captures&) { return one("list_todos", json::object()); };
    auto complete = [](const Captures& m) {
      return one("find_and_complete_todo", {{"search_text", todo_words(m[0])}});
    };
    auto uncomplete = [](const Captures& m) { return one("uncomplete_todo", {{"search_text", todo_words(m[0])}}); };
    auto add = [](const Captures& m) { return one("add_todo", {{"item", strip_junk(m[0])}}); };
    static const Phrase done_suffix("… as? done|complete|completed|finished");
    static const Phrase list_suffix("… to|on my|the todo? list");
    // "what time is it?", "what's the date today?": the browser knows, the server does not.
    auto local_time = [](const Captures&) { return one(std::string(kLocalTimeTool), json::object()); };
    std::vector<Rule> r;
    r.push_back({Phrase("what|which time|date|day is_it today|now?"), local_time});
    r.push_back({Phrase("what's|what’s|whats|what_is the|today's time|date|day today|now?"), local_time});
    r.push_back({Phrase("please? tell|give me the time|date today|now?"), local_time});
    r.push_back({Phrase("please? clear|remove|delete all? the? completed|done|finished ones|todos|items|tasks?"),
                 [](const Captures&) { return one("clear_completed", json::object()); }});
    r.push_back({Phrase("what's|whats|what_is on my todo? …"),
                 [=](const Captures& m) { return starts_with_list(m[0]) ? list(m) : std::vector<PlannedCall>{}; }});
    r.push_back({Phrase("show|list me? my? todos|todo_list|list|tasks"), list});
    r.push_back({Phrase("what do i have|need to do"), list});
    r.push_back({Phrase("rename|change … to|into …"), [](const Captures& m) {
                   return one("rename_todo", {{"search_text", todo_words(m[0])}, {"new_title", strip_junk(m[1])}});
                 }});
    r.push_back({Phrase("uncheck|untick|reopen|undo …"), uncomplete});
    r.push_back({Phrase("mark … as not_done|undone|pending|open"), uncomplete});
    r.push_back({Phrase("i? have|'ve? finished|completed|done_with|did …"), complete});
    r.push_back({Phrase("complete|finish …"), complete});
    // "mark milk as done", "tick off milk": the todo is named before the "as done".
    r.push_back(
        {Phrase("mark|tick|check off? …"), [=](const Captures& m) { return complete({inside(done_suffix, m[0])}); }});
    r.push_back({Phrase("please? remove|delete|drop|forget|cross_off …"), [](const Captures& m) {
                   return one("find_and_delete_todo", {{"search_text", todo_words(m[0])}});
                 }});
    // "add milk to my list": the item is what comes before "to my list".
    r.push_back(
        {Phrase("please? add|create|put …"), [=](const Captures& m) { return add({inside(list_suffix, m[0])}); }});
    r.push_back({Phrase("please? remind me to …"), add});
    r.push_back({Phrase("i need|have to …"), add});
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

// "2025-06-03T14:05:09+02:00" → its date and time, when the text starts like that.
struct LocalTime {
  std::chrono::year_month_day date;
  int hour = 0;
  int minute = 0;
};

std::optional<int> digits_at(std::string_view text, std::size_t at, std::size_t count) {
  if (text.size() < at + count) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<LocalTime> parse_local_time(std::string_view text) {
  const auto year = digits_at(text, 0, 4), month = digits_at(text, 5, 2), day = digits_at(text, 8, 2);
  const auto hour = digits_at(text, 11, 2), minute = digits_at(text, 14, 2);
  if (!year || !month || !day || !hour || !minute) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':') return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59) return std::nullopt;
  return LocalTime{.date = date, .hour = *hour, .minute = *minute};
}

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::string said_date(const LocalTime& time) {
  static constexpr std::array<std::string_view, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                            "Thursday", "Friday", "Saturday"};
  static constexpr std::array<std::string_view, 12> kMonths = {
      "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
      "December"};
  const std::chrono::weekday weekday{std::chrono::sys_days{time.date}};
  return std::string(kDays[weekday.c_encoding()]) + ", " + std::to_string(static_cast<unsigned>(time.date.day())) +
         " " + std::string(kMonths[static_cast<unsigned>(time.date.month()) - 1]) + " " +
         std::to_string(static_cast<int>(time.date.year()));
}

// "It is Tuesday, 3 June 2025, 14:05 (Europe/Paris)." from what the browser answered, whatever it sent.
std::string local_time_reply(const json& out) {
  if (!out.is_object()) return "Your browser did not say what time it is.";
  if (out.contains("error") && out["error"].is_string()) {
    return "I couldn't read your browser's clock: " + out["error"].get<std::string>() + ".";
  }
  const json text = out.value("local_time", json());
  const json zone = out.value("time_zone", json());
  const bool has_zone = zone.is_string() && !zone.get<std::string>().empty();
  const std::string where = has_zone ? " (" + zone.get<std::string>() + ")" : "";
  if (!text.is_string()) return "Your browser did not say what time it is.";
  const auto parsed = parse_local_time(text.get<std::string>());
  if (!parsed) return "Your browser says it is " + text.get<std::string>() + where + ".";
  return "It is " + said_date(*parsed) + ", " + two_digits(parsed->hour) + ":" + two_digits(parsed->minute) + where +
         ".";
}

std::string reply_to(const server::ToolExchange& exchange) {
  if (exchange.name == kLocalTimeTool) return local_time_reply(exchange.output);
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
  return {"add_todo",   "find_and_complete_todo", "uncomplete_todo", "find_and_delete_todo", "rename_todo",
          "list_todos", "clear_completed",        std::string(kLocalTimeTool)};
}

std::vector<PlannedCall> TodoSkill::plan(std::string_view message) const {
  const std::string text = strip_junk(message);
  for (const auto& rule : rules()) {
    if (const auto match = rule.phrase.match(text)) {
      if (auto calls = rule.calls(*match); !calls.empty()) return calls;
    }
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
         "“rename milk to oat milk”, “what's on my list?”, “clear completed” and “what time is it?” (your browser "
         "answers that one). The card below works with clicks too.";
}

}  // namespace chatkit::use_cases
