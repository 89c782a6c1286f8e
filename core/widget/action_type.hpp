#pragma once
// An action a widget offers, named once by its use case: the wire `type` and the struct its payload
// decodes to. The card that offers the action and the table that runs it (server/kit/action_table.hpp)
// name it through the same constant, so a renamed or retyped action cannot drift between the two.
//   struct TodoRef { std::int64_t id = 0; template <class S, class V> static void fields(S& s, V& v) {...} };
//   inline constexpr widget::ActionType<TodoRef> kDeleteTodo{"delete"};
// The payload struct describes its fields as the protocol's structs do (core/protocol/codec.hpp).
#include <string_view>

namespace chatkit::widget {

// The payload of an action that carries none (or only a form's values the handler does not read).
struct NoPayload {
  template <class S, class V>
  static void fields(S&, V&) {}
};

template <class Payload>
struct ActionType {
  using PayloadType = Payload;
  std::string_view type;
};

}  // namespace chatkit::widget
