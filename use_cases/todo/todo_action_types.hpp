#pragma once
// The todo card's actions, named once: the card offers them (todo_card.cpp) and the use case's
// action table runs them (todo_actions.cpp) through these constants and payload structs.
//   toggle {id} (+ the checkbox's value "done"), complete {id}, delete {id}, page {page},
//   add (+ the form's value "todo_text"); copy_list is the host page's (handler: client).
#include <cstdint>
#include <optional>
#include <string>

#include "core/widget/action_type.hpp"

namespace chatkit::use_cases {

struct TodoRef {
  std::int64_t id = 0;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("id", s.id); }
};

struct TodoToggle {
  std::int64_t id = 0;
  std::optional<bool> done;  // the checkbox's new value; without it the click flips the stored state
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("id", s.id);
    v.optional("done", s.done);
  }
};

struct TodoPage {
  int page = 1;
  template <class S, class V>
  static void fields(S& s, V& v) { v.required("page", s.page); }
};

struct TodoAdd {
  std::optional<std::string> todo_text;  // the form's input; absent when the box was empty
  template <class S, class V>
  static void fields(S& s, V& v) { v.optional("todo_text", s.todo_text); }
};

inline constexpr widget::ActionType<TodoToggle> kToggleTodo{"toggle"};
inline constexpr widget::ActionType<TodoRef> kCompleteTodo{"complete"};
inline constexpr widget::ActionType<TodoRef> kDeleteTodo{"delete"};
inline constexpr widget::ActionType<TodoPage> kShowTodoPage{"page"};
inline constexpr widget::ActionType<TodoAdd> kAddTodo{"add"};
inline constexpr widget::ActionType<widget::NoPayload> kCopyTodoList{"copy_list"};

}  // namespace chatkit::use_cases
