#pragma once
// A realistic "📋 My Todo List" Card, shared by the widget tests and the benchmarks: a header with
// the pending/done counts, an add form, and one row per todo. A row's structure never depends on
// whether the todo is done (only props change), so ticking one is a few small component updates.
#include <nlohmann/json.hpp>

namespace chatkit::testing {

enum class TodoRowStyle {
  // Checkbox + struck-through title Text + ✓ and 🗑 buttons, and two count badges in the header.
  rich,
  // The title is the Checkbox's own label (ticked = done) + a 🗑 button, one count badge, short
  // ids: what a tick costs when the card is designed for small updates.
  compact,
};

// `rows` todos ("Buy milk 17", ...); the todo at `done_index` (if any) is ticked.
nlohmann::json make_todo_card(int rows, int done_index = -1, TodoRowStyle style = TodoRowStyle::rich);

}  // namespace chatkit::testing
