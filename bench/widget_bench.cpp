// Widget diff and apply throughput, and what a checkbox tick costs on the wire, for the Todo use
// case's card (use_cases/todo/todo_card.hpp) at the sizes it has: one todo, a full page of 25, and
// 200 todos (page 1 of 8 shown). Prints a table; figures go to docs/BENCHMARKS.md.
//   native: build/release/bench/widget_bench      wasm: node build/wasm/bench/widget_bench.cjs
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/reducer.hpp"
#include "core/widget/apply.hpp"
#include "core/widget/diff.hpp"
#include "core/widget/tree.hpp"
#include "support/todos.hpp"
#include "use_cases/todo/todo_card.hpp"

namespace {

using chatkit::json;
using Clock = std::chrono::steady_clock;

int count_components(const json& widget) {
  int count = 0;
  chatkit::widget::for_each_component(widget, [&](const json&, const std::string&) { ++count; });
  return count;
}

// Runs `body` repeatedly for at least `budget`; returns operations per second.
template <class Body>
double per_second(Body body, std::chrono::milliseconds budget = std::chrono::milliseconds(400)) {
  long iterations = 0;
  const auto start = Clock::now();
  auto elapsed = Clock::duration::zero();
  do {
    body();
    ++iterations;
    elapsed = Clock::now() - start;
  } while (elapsed < budget);
  return static_cast<double>(iterations) / std::chrono::duration<double>(elapsed).count();
}

std::size_t wire_bytes(const std::vector<chatkit::WidgetUpdate>& updates) {
  std::size_t bytes = 0;
  for (const auto& update : updates) bytes += chatkit::to_wire(chatkit::encode_widget_update(update)).size();
  return bytes;
}

json todo_card(int todos, int done_id = 0) {
  return chatkit::use_cases::build_todo_card(chatkit::testing::numbered_todos(todos, done_id), {});
}

void bench_card(int todos) {
  const int shown = std::min(todos, chatkit::use_cases::kTodosPerPage);
  const json before = todo_card(todos);
  const json after = todo_card(todos, (shown + 1) / 2);  // tick the middle row of the page shown
  const auto fine = chatkit::widget::diff(before, after, chatkit::widget::DiffMode::fine);
  const auto undo = chatkit::widget::diff(after, before, chatkit::widget::DiffMode::fine);
  const auto reference = chatkit::widget::diff(before, after, chatkit::widget::DiffMode::reference);
  const double diff_fine = per_second([&] { (void)chatkit::widget::diff(before, after, chatkit::widget::DiffMode::fine); });
  const double diff_ref = per_second([&] { (void)chatkit::widget::diff(before, after, chatkit::widget::DiffMode::reference); });
  // Tick and untick in place, so that no copy of the tree is measured: two update lists per run.
  json widget = before;
  const double apply_pairs = per_second([&] {
    for (const auto& update : fine) (void)chatkit::widget::apply(widget, update);
    for (const auto& update : undo) (void)chatkit::widget::apply(widget, update);
  });
  const bool exact = widget == before;
  std::printf("| %5d | %5d | %4d | %10.0f | %10.0f | %10.0f | %6zu | %8zu |%s\n", todos, count_components(before),
              shown, diff_fine, diff_ref, 2 * apply_pairs, wire_bytes(fine), wire_bytes(reference),
              exact ? "" : " NOT EXACT");
}

// 10,000 streamed text deltas through the reducer (what the browser does per assistant reply).
void bench_text_deltas() {
  constexpr int kDeltas = 10000;
  const double runs = per_second([&] {
    chatkit::ThreadState state;
    chatkit::AssistantMessageItem message;
    message.id = "msg_a";
    (void)chatkit::apply_event(state, chatkit::ThreadItemAddedEvent{message});
    chatkit::ThreadItemUpdatedEvent event{"msg_a", chatkit::ContentPartTextDelta{0, "word "}};
    for (int i = 0; i < kDeltas; ++i) (void)chatkit::apply_event(state, event);
  });
  std::printf("\nreducer: %d text deltas applied in %.2f ms (%.0f deltas/s)\n", kDeltas, 1000.0 / runs, runs * kDeltas);
}

}  // namespace

int main() {
  std::printf("widget diff/apply: the Todo card, one checkbox ticked (ops/s; apply = one update list applied in\n"
              "place; bytes = serialized updates)\n\n");
  std::printf("| todos | comps | rows | diff fine  | diff ref   | apply fine | fine B | ref B    |\n");
  std::printf("|------:|------:|-----:|-----------:|-----------:|-----------:|-------:|---------:|\n");
  for (int todos : {1, chatkit::use_cases::kTodosPerPage, 200}) bench_card(todos);
  bench_text_deltas();
  return 0;
}
