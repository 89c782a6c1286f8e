#pragma once
// A todo as the Todo use case's store keeps it and its card shows it. Plain data, so that the card
// builds without the store (and in the wasm build, where the widget tests measure it).
#include <cstdint>
#include <string>

namespace chatkit::use_cases {

// Whether a todo is done; named at call sites instead of a bare bool.
enum class TodoState { open, done };

struct Todo {
  std::int64_t id = 0;
  std::string title;
  bool done = false;
  bool operator==(const Todo&) const = default;
};

}  // namespace chatkit::use_cases
