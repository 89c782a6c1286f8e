#pragma once
// The syntax tree of a parsed widget template (the Jinja subset ChatKit Studio emits,
// docs/WIDGET_TEMPLATES.md). Built by jinja_parser, walked by jinja_render.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace chatkit::widget::jinja {

// Where a construct starts in the template text, 1-based, for error messages.
struct Pos {
  int line = 1;
  int column = 1;
};

enum class ExprKind {
  literal,      // value
  name,         // name
  list,         // args: the elements
  dict,         // args: key, value, key, value, ...
  attribute,    // args[0].name
  subscript,    // args[0][args[1]]
  slice,        // args[0][args[1]:args[2]:args[3]]; an omitted bound is a null literal
  method_call,  // args[0].name(): items, keys, values
  unary,        // name: "-", "+" or "not"; args[0]
  binary,       // name: the operator; args[0], args[1]
  conditional,  // args[1] if args[0] else args[2] (args[2] may be missing: undefined)
  filter,       // args[0] | name(args[1..])
  test,         // args[0] is name; `negated` for `is not`
};

struct Expr {
  ExprKind kind = ExprKind::literal;
  Pos pos;
  nlohmann::json value;    // literal
  std::string name;        // variable, attribute, operator, filter or test
  bool negated = false;    // `is not`
  std::vector<Expr> args;
};

enum class NodeKind {
  text,       // text
  output,     // {{ expr }}
  if_block,   // {% if expr %} body {% else %} else_body (an elif is an if_block alone in else_body)
  for_block,  // {% for targets in expr %} body {% else %} else_body {% endfor %}
  set_value,  // {% set targets[0] = expr %}
  set_block,  // {% set targets[0] %} body {% endset %}
};

struct Node {
  NodeKind kind = NodeKind::text;
  Pos pos;
  std::string text;
  Expr expr;
  std::vector<std::string> targets;
  std::vector<Node> body;
  std::vector<Node> else_body;
};

}  // namespace chatkit::widget::jinja
