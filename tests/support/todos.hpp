#pragma once
// Todo lists for the widget tests and benchmarks, which measure the Todo use case's real card
// (use_cases/todo/todo_card.hpp) on them.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "use_cases/todo/todo.hpp"

namespace chatkit::testing {

// Todos 1..count with everyday titles ("Buy milk 1", "Call mom 2", ...), open but for `done_id`.
inline std::vector<use_cases::Todo> numbered_todos(int count, int done_id = 0) {
  constexpr std::array<std::string_view, 8> kChores = {"Buy milk",     "Call mom", "Write report", "Book dentist",
                                                       "Water plants", "Pay rent", "Fix the bike", "Read chapter"};
  std::vector<use_cases::Todo> todos;
  for (int id = 1; id <= count; ++id) {
    const std::string chore(kChores[static_cast<std::size_t>(id - 1) % kChores.size()]);
    todos.push_back({.id = id, .title = chore + " " + std::to_string(id), .done = id == done_id});
  }
  return todos;
}

}  // namespace chatkit::testing
