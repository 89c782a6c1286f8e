#include "core/widget/jinja_render.hpp"

#include <cmath>

#include "core/json_io.hpp"
#include "core/widget/jinja_filters.hpp"
#include "core/widget/jinja_value.hpp"

namespace chatkit::widget::jinja {
namespace {

using nlohmann::json;

Error error_at(Pos pos, const std::string& message) {
  return make_error(ErrorCode::invalid_widget,
                    std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message);
}

// Python's index rules: negative counts from the end; nullopt when out of range.
std::optional<std::size_t> index_in(std::int64_t index, std::size_t size) {
  if (index < 0) index += static_cast<std::int64_t>(size);
  if (index < 0 || index >= static_cast<std::int64_t>(size)) return std::nullopt;
  return static_cast<std::size_t>(index);
}

// The positions a Python slice [start:stop:step] visits.
std::vector<std::size_t> slice_positions(const json& start, const json& stop, std::int64_t step, std::size_t size) {
  const auto n = static_cast<std::int64_t>(size);
  auto bound = [&](const json& b, std::int64_t fallback) {
    if (!is_integer(b)) return fallback;
    std::int64_t v = b.get<std::int64_t>();
    if (v < 0) v += n;
    return std::clamp<std::int64_t>(v, step > 0 ? 0 : -1, step > 0 ? n : n - 1);
  };
  std::vector<std::size_t> out;
  const std::int64_t from = bound(start, step > 0 ? 0 : n - 1);
  const std::int64_t to = bound(stop, step > 0 ? n : -1);
  for (std::int64_t i = from; step > 0 ? i < to : i > to; i += step) out.push_back(static_cast<std::size_t>(i));
  return out;
}

// Variables: the data at the bottom, then one scope per loop body (Jinja's loop scoping: a
// `set` inside a loop does not outlive the iteration).
class Renderer {
 public:
  explicit Renderer(const json& data) { scopes_.push_back(data.is_object() ? data : json::object()); }

  Status nodes(const std::vector<Node>& list, std::string& out) {
    for (const auto& node : list) {
      if (auto s = run(node, out); !s) return s;
    }
    return ok_status();
  }

 private:
  std::vector<json> scopes_;
  int depth_ = 0;

  Status run(const Node& node, std::string& out) {
    switch (node.kind) {
      case NodeKind::text: out += node.text; return ok_status();
      case NodeKind::output: return output(node, out);
      case NodeKind::if_block: return if_block(node, out);
      case NodeKind::for_block: return for_block(node, out);
      case NodeKind::set_value: return set_value(node);
      case NodeKind::set_block: return set_block(node);
    }
    return ok_status();
  }

  Status output(const Node& node, std::string& out) {
    auto value = eval(node.expr);
    if (!value) return value.error();
    out += printed(*value);
    return ok_status();
  }

  Status if_block(const Node& node, std::string& out) {
    auto cond = eval(node.expr);
    if (!cond) return cond.error();
    return nodes(truthy(*cond) ? node.body : node.else_body, out);
  }

  static json loop_object(std::size_t i, std::size_t n) {
    return json{{"index", i + 1}, {"index0", i}, {"revindex", n - i}, {"revindex0", n - i - 1},
                {"first", i == 0}, {"last", i + 1 == n}, {"length", n}};
  }

  Status bind_targets(const Node& node, const json& item) {
    auto& scope = scopes_.back();
    if (node.targets.size() == 1) {
      scope[node.targets[0]] = item;
      return ok_status();
    }
    if (!item.is_array() || item.size() != node.targets.size()) {
      return error_at(node.pos, "cannot unpack " + json_excerpt(item) + " into " +
                                    std::to_string(node.targets.size()) + " loop variables");
    }
    for (std::size_t i = 0; i < item.size(); ++i) scope[node.targets[i]] = item[i];
    return ok_status();
  }

  Status for_block(const Node& node, std::string& out) {
    auto seq = eval(node.expr);
    if (!seq) return seq.error();
    json items = seq->undefined || seq->json.is_null() ? json::array() : seq->json;
    if (items.is_object()) {  // iterating a mapping gives its keys
      json keys = json::array();
      for (const auto& [key, _] : items.items()) keys.push_back(key);
      items = std::move(keys);
    }
    if (items.is_string()) items = list_of_chars(items.get<std::string>());
    if (!items.is_array()) return error_at(node.expr.pos, "cannot loop over a " + std::string(json_kind(items)));
    if (items.empty()) return nodes(node.else_body, out);
    for (std::size_t i = 0; i < items.size(); ++i) {
      scopes_.push_back(json{{"loop", loop_object(i, items.size())}});
      Status s = bind_targets(node, items[i]);
      if (s) s = nodes(node.body, out);
      scopes_.pop_back();
      if (!s) return s;
    }
    return ok_status();
  }

  static json list_of_chars(const std::string& text) {
    json out = json::array();
    for (char c : text) out.push_back(std::string(1, c));
    return out;
  }

  Status set_value(const Node& node) {
    auto value = eval(node.expr);
    if (!value) return value.error();
    if (value->undefined) {
      scopes_.back().erase(node.targets[0]);
    } else {
      scopes_.back()[node.targets[0]] = value->json;
    }
    return ok_status();
  }

  Status set_block(const Node& node) {
    std::string captured;
    if (auto s = nodes(node.body, captured); !s) return s;
    scopes_.back()[node.targets[0]] = captured;
    return ok_status();
  }

  Value lookup(const std::string& name) const {
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
      if (auto found = scope->find(name); found != scope->end()) return Value{*found};
    }
    return Value::missing(name);
  }

  // --- expressions ---

  Result<Value> eval(const Expr& e) {
    // Bounded so that a deeply nested expression cannot exhaust the stack.
    if (depth_ > 200) return error_at(e.pos, "expression nested too deeply");
    ++depth_;
    auto value = eval_kind(e);
    --depth_;
    return value;
  }

  Result<Value> eval_kind(const Expr& e) {
    switch (e.kind) {
      case ExprKind::literal: return Value{e.value};
      case ExprKind::name: return lookup(e.name);
      case ExprKind::list: return list(e);
      case ExprKind::dict: return dict(e);
      case ExprKind::attribute: return attribute(e);
      case ExprKind::subscript: return subscript(e);
      case ExprKind::slice: return slice(e);
      case ExprKind::method_call: return method_call(e);
      case ExprKind::unary: return unary(e);
      case ExprKind::binary: return binary(e);
      case ExprKind::conditional: return conditional(e);
      case ExprKind::filter: return filter(e);
      case ExprKind::test: return test(e);
    }
    return error_at(e.pos, "unknown expression");
  }

  Result<std::vector<Value>> eval_all(const std::vector<Expr>& exprs) {
    std::vector<Value> values;
    for (const auto& e : exprs) {
      auto v = eval(e);
      if (!v) return v.error();
      values.push_back(std::move(*v));
    }
    return values;
  }

  Result<Value> list(const Expr& e) {
    auto values = eval_all(e.args);
    if (!values) return values.error();
    json out = json::array();
    for (auto& v : *values) out.push_back(v.undefined ? json(nullptr) : std::move(v.json));
    return Value{out};
  }

  Result<Value> dict(const Expr& e) {
    auto values = eval_all(e.args);
    if (!values) return values.error();
    json out = json::object();
    for (std::size_t i = 0; i + 1 < values->size(); i += 2) {
      out[printed((*values)[i])] = (*values)[i + 1].undefined ? json(nullptr) : (*values)[i + 1].json;
    }
    return Value{out};
  }

  // Jinja's default undefined: reading from it fails, reading a missing key gives undefined.
  Result<Value> container(const Expr& e) {
    auto base = eval(e.args[0]);
    if (base && base->undefined) return error_at(e.pos, "'" + base->origin + "' is undefined");
    return base;
  }

  static Value member(const Value& base, const std::string& key, const std::string& origin) {
    if (base.json.is_object()) {
      if (auto found = base.json.find(key); found != base.json.end()) return Value{*found};
    }
    return Value::missing(origin);
  }

  static std::string origin_of(const Expr& e) {
    if (e.kind == ExprKind::name) return e.name;
    if (e.kind == ExprKind::attribute) return origin_of(e.args[0]) + "." + e.name;
    return "value";
  }

  Result<Value> attribute(const Expr& e) {
    auto base = container(e);
    if (!base) return base;
    const std::string origin = origin_of(e);
    if (base->json.is_array()) {
      char* end = nullptr;
      const long long i = std::strtoll(e.name.c_str(), &end, 10);
      if (end != e.name.c_str() && *end == '\0') return element(*base, i, origin);
    }
    return member(*base, e.name, origin);
  }

  static Value element(const Value& base, std::int64_t i, const std::string& origin) {
    const auto& j = base.json;
    if (j.is_array()) {
      if (auto at = index_in(i, j.size())) return Value{j[*at]};
    } else if (j.is_string()) {
      const auto s = j.get<std::string>();
      if (auto at = index_in(i, s.size())) return Value{std::string(1, s[*at])};
    }
    return Value::missing(origin);
  }

  Result<Value> subscript(const Expr& e) {
    auto base = container(e);
    if (!base) return base;
    auto key = eval(e.args[1]);
    if (!key) return key;
    const std::string origin = origin_of(e.args[0]) + "[" + printed(*key) + "]";
    if (is_integer(key->json) && !key->json.is_boolean()) return element(*base, key->json.get<std::int64_t>(), origin);
    if (key->json.is_string()) return member(*base, key->json.get<std::string>(), origin);
    return Value::missing(origin);
  }

  Result<Value> slice(const Expr& e) {
    auto base = container(e);
    if (!base) return base;
    auto bounds = eval_all({e.args.begin() + 1, e.args.end()});
    if (!bounds) return bounds.error();
    const json& step_value = (*bounds)[2].json;
    const std::int64_t step = is_integer(step_value) ? step_value.get<std::int64_t>() : 1;
    if (step == 0) return error_at(e.pos, "slice step cannot be zero");
    const auto& j = base->json;
    if (j.is_string()) {
      const auto s = j.get<std::string>();
      std::string out;
      for (auto i : slice_positions((*bounds)[0].json, (*bounds)[1].json, step, s.size())) out += s[i];
      return Value{out};
    }
    if (!j.is_array()) return error_at(e.pos, "cannot slice a " + std::string(json_kind(j)));
    json out = json::array();
    for (auto i : slice_positions((*bounds)[0].json, (*bounds)[1].json, step, j.size())) out.push_back(j[i]);
    return Value{out};
  }

  Result<Value> method_call(const Expr& e) {
    auto base = container(e);
    if (!base) return base;
    if (!base->json.is_object()) {
      return error_at(e.pos, e.name + "() of a " + std::string(json_kind(base->json)));
    }
    json out = json::array();
    for (const auto& [key, value] : base->json.items()) {
      if (e.name == "items") out.push_back(json::array({key, value}));
      if (e.name == "keys") out.push_back(key);
      if (e.name == "values") out.push_back(value);
    }
    return Value{out};
  }

  Result<Value> unary(const Expr& e) {
    auto operand = eval(e.args[0]);
    if (!operand) return operand;
    if (e.name == "not") return Value{!truthy(*operand)};
    const auto& j = operand->json;
    if (!j.is_number() || operand->undefined) {
      return error_at(e.pos, "unary " + e.name + " of a " + std::string(operand->undefined ? "undefined value" : json_kind(j)));
    }
    if (e.name == "+") return *operand;
    if (j.is_number_float()) return Value{-j.get<double>()};
    return Value{-j.get<std::int64_t>()};
  }

  Result<Value> conditional(const Expr& e) {
    auto cond = eval(e.args[0]);
    if (!cond) return cond;
    if (truthy(*cond)) return eval(e.args[1]);
    if (e.args.size() > 2) return eval(e.args[2]);
    return Value::missing("the missing else of an inline if");
  }

  Result<Value> binary(const Expr& e) {
    auto left = eval(e.args[0]);
    if (!left) return left;
    if (e.name == "and") return truthy(*left) ? eval(e.args[1]) : left;
    if (e.name == "or") return truthy(*left) ? left : eval(e.args[1]);
    auto right = eval(e.args[1]);
    if (!right) return right;
    if (e.name == "~") return Value{printed(*left) + printed(*right)};
    if (e.name == "==") return Value{equal(*left, *right)};
    if (e.name == "!=") return Value{!equal(*left, *right)};
    if (e.name == "in" || e.name == "not in") return contains(e, *right, *left);
    if (e.name == "<" || e.name == "<=" || e.name == ">" || e.name == ">=") return compare(e, *left, *right);
    return arithmetic(e, *left, *right);
  }

  static bool equal(const Value& a, const Value& b) {
    if (a.undefined || b.undefined) return a.undefined && b.undefined;
    return a.json == b.json;
  }

  Result<Value> contains(const Expr& e, const Value& haystack, const Value& needle) {
    const auto& h = haystack.json;
    bool found = false;
    if (h.is_string() && needle.json.is_string()) {
      found = h.get<std::string>().find(needle.json.get<std::string>()) != std::string::npos;
    } else if (h.is_array()) {
      found = std::find(h.begin(), h.end(), needle.json) != h.end() && !needle.undefined;
    } else if (h.is_object()) {
      found = needle.json.is_string() && h.contains(needle.json.get<std::string>());
    } else if (!haystack.undefined) {
      return error_at(e.pos, "'in' needs a string, list or mapping on its right, not a " + std::string(json_kind(h)));
    }
    return Value{e.name == "in" ? found : !found};
  }

  Result<Value> compare(const Expr& e, const Value& a, const Value& b) {
    const auto x = as_number(a.json);
    const auto y = as_number(b.json);
    int order = 0;
    if (x && y && !a.undefined && !b.undefined) {
      order = *x < *y ? -1 : *x > *y ? 1 : 0;
    } else if (a.json.is_string() && b.json.is_string()) {
      order = a.json.get<std::string>().compare(b.json.get<std::string>());
    } else {
      return error_at(e.pos, "cannot compare " + kind(a) + " and " + kind(b) + " with " + e.name);
    }
    if (e.name == "<") return Value{order < 0};
    if (e.name == "<=") return Value{order <= 0};
    if (e.name == ">") return Value{order > 0};
    return Value{order >= 0};
  }

  static std::string kind(const Value& v) { return v.undefined ? "undefined" : std::string(json_kind(v.json)); }

  Result<Value> arithmetic(const Expr& e, const Value& a, const Value& b) {
    if (e.name == "+" && a.json.is_string() && b.json.is_string()) {
      return Value{a.json.get<std::string>() + b.json.get<std::string>()};
    }
    if (e.name == "+" && a.json.is_array() && b.json.is_array()) {
      json out = a.json;
      for (const auto& item : b.json) out.push_back(item);
      return Value{out};
    }
    const auto x = as_number(a.json);
    const auto y = as_number(b.json);
    if (!x || !y || a.undefined || b.undefined) {
      return error_at(e.pos, "cannot apply " + e.name + " to " + kind(a) + " and " + kind(b));
    }
    const bool integral = is_integer(a.json) && is_integer(b.json);
    if ((e.name == "/" || e.name == "//" || e.name == "%") && *y == 0) return error_at(e.pos, "division by zero");
    return number_result(e.name, *x, *y, integral);
  }

  static Value number_result(const std::string& op, double x, double y, bool integral) {
    double r = 0;
    if (op == "+") r = x + y;
    if (op == "-") r = x - y;
    if (op == "*") r = x * y;
    if (op == "/") return Value{x / y};  // true division is always a float
    if (op == "//") r = std::floor(x / y);
    if (op == "%") r = x - y * std::floor(x / y);
    if (op == "**") r = std::pow(x, y);
    const bool whole = integral && !(op == "**" && y < 0);
    return whole ? Value{static_cast<std::int64_t>(r)} : Value{r};
  }

  Result<Value> filter(const Expr& e) {
    auto args = eval_all(e.args);
    if (!args) return args.error();
    auto value = apply_filter(e.name, *args);
    if (!value) return error_at(e.pos, value.error().message);
    return value;
  }

  Result<Value> test(const Expr& e) {
    auto operand = eval(e.args[0]);
    if (!operand) return operand;
    return Value{apply_test(e.name, *operand) != e.negated};
  }
};

}  // namespace

Result<std::string> render(const std::vector<Node>& nodes, const json& data) {
  Renderer renderer(data);
  std::string out;
  if (auto s = renderer.nodes(nodes, out); !s) return s.error();
  return out;
}

}  // namespace chatkit::widget::jinja
