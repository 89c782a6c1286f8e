// What a widget template costs: parsing a typical ChatKit Studio template once, and rendering it
// (schema check, Jinja, JSON parse, catalogue validation) with 5 and 25 rows of data.
// Prints a table; figures go to docs/BENCHMARKS.md.
//   native: BUILD/bench/template_bench      wasm: node BUILD/bench/template_bench.cjs
#include <chrono>
#include <cstdio>
#include <string>

#include "core/json_io.hpp"
#include "core/json_schema.hpp"
#include "core/widget/template.hpp"
#include "core/widget/validate.hpp"

namespace {

using chatkit::json;
using Clock = std::chrono::steady_clock;

// A list of orders, each a row with a title, a caption, a badge and a button: the shape of the
// Studio list templates.
constexpr const char* kTemplate = R"({
  "type": "ListView",
  "children": [
  {%- for order in orders %}
    {"type": "ListViewItem", "id": {{ ("order-" ~ order.id) | tojson }}, "children": [
      {"type": "Col", "children": [
        {"type": "Text", "value": {{ order.title | tojson }}, "weight": "semibold"},
        {"type": "Caption", "value": {{ ("#" ~ loop.index ~ " · " ~ order.items | length ~ " items · $" ~ (order.total | round(2))) | tojson }}}
      ]},
      {"type": "Badge", "label": {{ order.status | title | tojson }},
       "color": {{ ("success" if order.status == "delivered" else "info") | tojson }}},
      {"type": "Button", "label": "Return", "onClickAction": {"type": "returns.start", "payload": {"order_id": {{ order.id | tojson }}}}}
    ]}{% if not loop.last %},{% endif %}
  {%- endfor %}
  ]
})";

const json kSchema = json::parse(R"({"type": "object", "required": ["orders"], "properties": {"orders": {"type": "array",
  "items": {"type": "object", "required": ["id", "title", "status"], "properties": {"id": {"type": "string"},
  "title": {"type": "string"}, "status": {"enum": ["placed", "shipped", "delivered"]}, "total": {"type": "number"},
  "items": {"type": "array"}}}}}})");

json orders(int count) {
  json list = json::array();
  for (int i = 0; i < count; ++i) {
    list.push_back({{"id", "ord_" + std::to_string(1000 + i)}, {"title", "Order of running shoes " + std::to_string(i)},
                    {"status", i % 3 == 0 ? "delivered" : "shipped"}, {"total", 59.9 + i}, {"items", {1, 2, 3}}});
  }
  return {{"orders", list}};
}

// Runs `body` repeatedly for at least 400 ms; returns microseconds per run.
template <class Body>
double micros_per_run(Body body) {
  long runs = 0;
  const auto start = Clock::now();
  auto elapsed = Clock::duration::zero();
  do {
    body();
    ++runs;
    elapsed = Clock::now() - start;
  } while (elapsed < std::chrono::milliseconds(400));
  return std::chrono::duration<double, std::micro>(elapsed).count() / static_cast<double>(runs);
}

}  // namespace

int main() {
  auto parsed = chatkit::widget::Template::from_source("orders", kTemplate, kSchema);
  if (!parsed) {
    std::fprintf(stderr, "%s\n", chatkit::describe(parsed.error()).c_str());
    return 1;
  }
  std::printf("%-24s %12s\n", "template (orders list)", "us per run");
  std::printf("%-24s %12.1f\n", "parse", micros_per_run([] { (void)chatkit::widget::Template::from_source("orders", kTemplate, kSchema); }));
  for (int rows : {5, 25}) {
    const json data = orders(rows);
    if (auto check = parsed->render(data); !check) {
      std::fprintf(stderr, "%s\n", chatkit::describe(check.error()).c_str());
      return 1;
    }
    const std::string label = "render, " + std::to_string(rows) + " rows";
    std::printf("%-24s %12.1f\n", label.c_str(), micros_per_run([&] { (void)parsed->render(data); }));
    // The parts of a render that are not the template itself.
    const json widget = *parsed->render(data);
    const std::string text = chatkit::to_wire(widget);
    std::printf("%-24s %12.1f\n", "  of which schema", micros_per_run([&] { (void)chatkit::check_schema(data, kSchema); }));
    std::printf("%-24s %12.1f\n", "  of which JSON parse", micros_per_run([&] { (void)chatkit::parse_json(text, chatkit::kWidgetJsonLimits); }));
    std::printf("%-24s %12.1f\n", "  of which validation", micros_per_run([&] { (void)chatkit::widget::check(widget); }));
  }
  return 0;
}
