#include "support/todo_card.hpp"

#include <array>
#include <string>
#include <string_view>

namespace chatkit::testing {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 8> kChores = {"Buy milk",     "Call mom", "Write report", "Book dentist",
                                                     "Water plants", "Pay rent", "Fix the bike", "Read chapter"};

std::string todo_id(int index) { return "todo-" + std::to_string(index); }

std::string chore(int index) {
  return std::string(kChores[static_cast<std::size_t>(index) % kChores.size()]) + " " + std::to_string(index);
}

json todo_action(std::string_view type, int index) {
  return {{"type", type}, {"payload", {{"todo_id", todo_id(index)}}}};
}

json header(int pending, int done) {
  return {
      {"type", "Row"},
      {"align", "center"},
      {"gap", 2},
      {"children",
       {{{"type", "Title"}, {"value", "📋 My Todo List"}, {"size", "md"}},
        {{"type", "Spacer"}},
        {{"type", "Badge"},
         {"id", "pending-count"},
         {"label", std::to_string(pending) + " pending"},
         {"color", "warning"}},
        {{"type", "Badge"}, {"id", "done-count"}, {"label", std::to_string(done) + " done"}, {"color", "success"}}}}};
}

json add_form() {
  return {{"type", "Form"},
          {"id", "add-todo"},
          {"direction", "row"},
          {"gap", 2},
          {"onSubmitAction", {{"type", "add_todo"}}},
          {"children",
           {{{"type", "Input"}, {"name", "todo_text"}, {"placeholder", "What needs doing?"}, {"required", true}},
            {{"type", "Button"}, {"label", "Add"}, {"submit", true}, {"style", "primary"}}}}};
}

json icon_button(std::string_view label, std::string_view action, int index) {
  return {{"type", "Button"},
          {"label", label},
          {"variant", "ghost"},
          {"size", "sm"},
          {"onClickAction", todo_action(action, index)}};
}

json todo_row(int index, bool done) {
  const std::string id = todo_id(index);
  const std::string title = chore(index);
  return {{"type", "Row"},
          {"id", id},
          {"align", "center"},
          {"gap", 2},
          {"children",
           {{{"type", "Checkbox"},
             {"id", id + "-check"},
             {"name", "done_" + std::to_string(index)},
             {"defaultChecked", done},
             {"onChangeAction", todo_action("toggle_todo", index)}},
            {{"type", "Text"}, {"id", id + "-title"}, {"value", title}, {"lineThrough", done}},
            {{"type", "Spacer"}},
            icon_button("✓", "complete_todo", index),
            icon_button("🗑", "delete_todo", index)}}};
}

json compact_header(int pending, int done) {
  return {{"type", "Row"},
          {"align", "center"},
          {"children",
           {{{"type", "Title"}, {"value", "📋 My Todo List"}, {"size", "md"}},
            {{"type", "Spacer"}},
            {{"type", "Badge"},
             {"id", "n"},
             {"label", std::to_string(pending) + " to do · " + std::to_string(done) + " done"}}}}};
}

json compact_row(int index, bool done) {
  const std::string n = std::to_string(index);
  return {{"type", "Row"},
          {"id", "r" + n},
          {"children",
           {{{"type", "Checkbox"},
             {"id", "c" + n},
             {"name", "done"},
             {"label", chore(index)},
             {"defaultChecked", done},
             {"onChangeAction", {{"type", "toggle"}, {"payload", {{"id", index}}}}}},
            {{"type", "Spacer"}},
            {{"type", "Button"},
             {"label", "🗑"},
             {"variant", "ghost"},
             {"onClickAction", {{"type", "delete"}, {"payload", {{"id", index}}}}}}}}};
}

}  // namespace

json make_todo_card(int rows, int done_index, TodoRowStyle style) {
  const bool compact = style == TodoRowStyle::compact;
  json list = json::array();
  for (int i = 0; i < rows; ++i) list.push_back(compact ? compact_row(i, i == done_index) : todo_row(i, i == done_index));
  const int done = done_index >= 0 && done_index < rows ? 1 : 0;
  return {{"type", "Card"},
          {"id", "todo-card"},
          {"size", "md"},
          {"children",
           {compact ? compact_header(rows - done, done) : header(rows - done, done),
            add_form(),
            {{"type", "Divider"}},
            {{"type", "Col"}, {"id", "todo-rows"}, {"gap", 2}, {"children", list}}}}};
}

}  // namespace chatkit::testing
