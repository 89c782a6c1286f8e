#include "core/widget/jinja_parser.hpp"

#include <cstdlib>
#include <string>

namespace chatkit::widget::jinja {
namespace {

enum class Tok { text, var_begin, var_end, block_begin, block_end, name, string, number, op, eof };

struct Token {
  Tok kind = Tok::eof;
  Pos pos;
  std::string text;
};

Error error_at(Pos pos, const std::string& message) {
  return make_error(ErrorCode::invalid_widget,
                    std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Splits the template into text and tag tokens, applying whitespace control as it goes.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> run() {
    while (at_ < text_.size()) {
      if (auto status = step(); !status) return status.error();
    }
    tokens_.push_back(Token{Tok::eof, pos_, {}});
    return std::move(tokens_);
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  Pos pos_;
  bool strip_next_text_ = false;
  std::vector<Token> tokens_;

  bool looking_at(std::string_view s) const { return text_.substr(at_, s.size()) == s; }

  void advance(std::size_t n) {
    for (std::size_t i = 0; i < n && at_ < text_.size(); ++i, ++at_) {
      if (text_[at_] == '\n') {
        ++pos_.line;
        pos_.column = 1;
      } else {
        ++pos_.column;
      }
    }
  }

  Status step() {
    if (looking_at("{{") || looking_at("{%")) return tag();
    if (looking_at("{#")) return comment();
    text_run();
    return ok_status();
  }

  void text_run() {
    Token token{Tok::text, pos_, {}};
    while (at_ < text_.size() && !looking_at("{{") && !looking_at("{%") && !looking_at("{#")) {
      token.text += text_[at_];
      advance(1);
    }
    if (strip_next_text_) {
      std::size_t first = 0;
      while (first < token.text.size() && is_space(token.text[first])) ++first;
      token.text.erase(0, first);
      strip_next_text_ = false;
    }
    tokens_.push_back(std::move(token));
  }

  // `{%-`, `{{-` and `{#-` strip the whitespace before them.
  void strip_previous_text() {
    if (tokens_.empty() || tokens_.back().kind != Tok::text) return;
    auto& text = tokens_.back().text;
    while (!text.empty() && is_space(text.back())) text.pop_back();
  }

  bool open_marker() {
    advance(2);
    if (at_ < text_.size() && text_[at_] == '-') {
      advance(1);
      strip_previous_text();
      return true;
    }
    strip_next_text_ = false;
    return false;
  }

  Status comment() {
    const Pos start = pos_;
    open_marker();
    while (at_ < text_.size() && !looking_at("#}") && !looking_at("-#}")) advance(1);
    if (at_ >= text_.size()) return error_at(start, "unclosed comment: expected '#}'");
    strip_next_text_ = looking_at("-");
    advance(strip_next_text_ ? 3 : 2);
    return ok_status();
  }

  Status tag() {
    const Pos start = pos_;
    const bool is_var = looking_at("{{");
    open_marker();
    tokens_.push_back(Token{is_var ? Tok::var_begin : Tok::block_begin, start, {}});
    const std::string_view close = is_var ? "}}" : "%}";
    while (true) {
      while (at_ < text_.size() && is_space(text_[at_])) advance(1);
      if (at_ >= text_.size()) {
        return error_at(start, std::string("unclosed tag: expected '") + std::string(close) + "'");
      }
      if (looking_at(close) || (text_[at_] == '-' && text_.substr(at_ + 1, 2) == close)) break;
      if (auto status = expression_token(); !status) return status.error();
    }
    strip_next_text_ = text_[at_] == '-';
    tokens_.push_back(Token{is_var ? Tok::var_end : Tok::block_end, pos_, {}});
    advance(strip_next_text_ ? 3 : 2);
    return ok_status();
  }

  Status expression_token() {
    const char c = text_[at_];
    if (is_name_start(c)) return word(Tok::name, [](char d) { return is_name_start(d) || is_digit(d); });
    if (is_digit(c)) return number();
    if (c == '"' || c == '\'') return string_literal(c);
    for (std::string_view op : {"//", "**", "==", "!=", "<=", ">="}) {
      if (looking_at(op)) return push(Tok::op, std::string(op));
    }
    if (std::string_view("+-*/%~<>()[]{}.,:|=").find(c) != std::string_view::npos) {
      return push(Tok::op, std::string(1, c));
    }
    return error_at(pos_, std::string("unexpected character '") + c + "'");
  }

  Status push(Tok kind, std::string text) {
    tokens_.push_back(Token{kind, pos_, text});
    advance(text.size());
    return ok_status();
  }

  template <class Pred>
  Status word(Tok kind, Pred more) {
    std::size_t end = at_;
    while (end < text_.size() && more(text_[end])) ++end;
    return push(kind, std::string(text_.substr(at_, end - at_)));
  }

  Status number() {
    std::size_t end = at_;
    while (end < text_.size() && is_digit(text_[end])) ++end;
    if (end + 1 < text_.size() && text_[end] == '.' && is_digit(text_[end + 1])) {
      ++end;
      while (end < text_.size() && is_digit(text_[end])) ++end;
    }
    return push(Tok::number, std::string(text_.substr(at_, end - at_)));
  }

  Status string_literal(char quote) {
    const Pos start = pos_;
    std::string value;
    std::size_t i = at_ + 1;
    for (; i < text_.size() && text_[i] != quote; ++i) {
      if (text_[i] == '\\' && i + 1 < text_.size()) {
        const char e = text_[++i];
        value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        value += text_[i];
      }
    }
    if (i >= text_.size()) return error_at(start, "unterminated string literal");
    tokens_.push_back(Token{Tok::string, start, value});
    advance(i + 1 - at_);
    return ok_status();
  }
};

// Recursive descent over the tokens; expression precedence follows Jinja's.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  // Templates nest blocks and expressions this deep at most, so that parsing (and rendering,
  // which recurses the same way) never runs out of stack.
  static constexpr int kMaxNesting = 100;

  Result<std::vector<Node>> run() {
    auto nodes = body({});
    if (!nodes) return nodes.error();
    if (peek().kind != Tok::eof) return error_at(peek().pos, "unexpected '" + ahead_keyword() + "'");
    return nodes;
  }

 private:
  std::vector<Token> tokens_;
  std::size_t at_ = 0;
  int nesting_ = 0;

  // Counts one level of nesting for as long as it lives.
  struct Nested {
    explicit Nested(int& depth) : depth_(depth) { ++depth_; }
    ~Nested() { --depth_; }
    bool too_deep() const { return depth_ > kMaxNesting; }
    int& depth_;
  };

  const Token& peek(std::size_t n = 0) const { return tokens_[std::min(at_ + n, tokens_.size() - 1)]; }
  const Token& next() { return tokens_[at_ < tokens_.size() - 1 ? at_++ : at_]; }
  bool is_op(std::string_view op, std::size_t n = 0) const {
    return peek(n).kind == Tok::op && peek(n).text == op;
  }
  bool is_word(std::string_view word, std::size_t n = 0) const {
    return peek(n).kind == Tok::name && peek(n).text == word;
  }
  std::string ahead_keyword() const { return peek(1).kind == Tok::name ? peek(1).text : peek().text; }

  Status expect_op(std::string_view op) {
    if (!is_op(op)) return error_at(peek().pos, "expected '" + std::string(op) + "'" + found());
    next();
    return ok_status();
  }
  Status expect_end(Tok kind) {
    if (peek().kind != kind) {
      return error_at(peek().pos, std::string("expected '") + (kind == Tok::var_end ? "}}" : "%}") + "'" + found());
    }
    next();
    return ok_status();
  }
  std::string found() const {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::eof: return ", found the end of the template";
      case Tok::var_end: return ", found '}}'";
      case Tok::block_end: return ", found '%}'";
      case Tok::text: case Tok::var_begin: case Tok::block_begin: return ", found a new tag";
      case Tok::name: case Tok::string: case Tok::number: case Tok::op: return ", found '" + t.text + "'";
    }
    return {};
  }

  // Nodes up to a block tag whose keyword is one of `stops` (left unread) or the end; `opened`
  // is where the block being read began, for the error when it never ends.
  Result<std::vector<Node>> body(std::vector<std::string_view> stops, Pos opened = {}) {
    std::vector<Node> nodes;
    while (peek().kind != Tok::eof) {
      if (peek().kind == Tok::block_begin) {
        for (auto stop : stops) {
          if (is_word(stop, 1)) return nodes;
        }
      }
      auto node = statement();
      if (!node) return node.error();
      nodes.push_back(std::move(*node));
    }
    if (!stops.empty()) {
      return error_at(peek().pos, "unclosed block: the block opened at " + std::to_string(opened.line) + ":" +
                                      std::to_string(opened.column) + " needs {% " + std::string(stops.back()) + " %}");
    }
    return nodes;
  }

  Result<Node> statement() {
    const Nested level(nesting_);
    if (level.too_deep()) return error_at(peek().pos, "blocks nested too deeply");
    const Token& t = next();
    if (t.kind == Tok::text) return Node{.kind = NodeKind::text, .pos = t.pos, .text = t.text};
    if (t.kind == Tok::var_begin) {
      auto e = expression();
      if (!e) return e.error();
      if (auto s = expect_end(Tok::var_end); !s) return s.error();
      return Node{.kind = NodeKind::output, .pos = t.pos, .expr = std::move(*e)};
    }
    const Token& keyword = next();
    if (keyword.kind != Tok::name) return error_at(keyword.pos, "expected a statement name" + found());
    if (keyword.text == "if") return if_block(t.pos);
    if (keyword.text == "for") return for_block(t.pos);
    if (keyword.text == "set") return set_statement(t.pos);
    return error_at(keyword.pos, "unknown or misplaced tag '" + keyword.text + "'");
  }

  // After a block's closing keyword: `{% endX %}`.
  Status end_tag(std::string_view word) {
    next();  // {%
    if (!is_word(word)) return error_at(peek().pos, "expected '" + std::string(word) + "'" + found());
    next();
    return expect_end(Tok::block_end);
  }

  Result<Node> if_block(Pos pos) {
    Node node{.kind = NodeKind::if_block, .pos = pos};
    auto cond = expression();
    if (!cond) return cond.error();
    node.expr = std::move(*cond);
    if (auto s = expect_end(Tok::block_end); !s) return s.error();
    auto then = body({"elif", "else", "endif"}, pos);
    if (!then) return then.error();
    node.body = std::move(*then);
    if (is_word("elif", 1)) {
      next();
      const Pos elif_pos = peek().pos;
      next();
      auto rest = if_block(elif_pos);  // consumes up to and including endif
      if (!rest) return rest.error();
      node.else_body.push_back(std::move(*rest));
      return node;
    }
    if (is_word("else", 1)) {
      next();
      next();
      if (auto s = expect_end(Tok::block_end); !s) return s.error();
      auto otherwise = body({"endif"}, pos);
      if (!otherwise) return otherwise.error();
      node.else_body = std::move(*otherwise);
    }
    if (auto s = end_tag("endif"); !s) return s.error();
    return node;
  }

  Result<Node> for_block(Pos pos) {
    Node node{.kind = NodeKind::for_block, .pos = pos};
    do {
      if (peek().kind != Tok::name) return error_at(peek().pos, "expected a loop variable" + found());
      node.targets.push_back(next().text);
    } while (is_op(",") && (next(), true));
    if (!is_word("in")) return error_at(peek().pos, "expected 'in'" + found());
    next();
    auto seq = or_expr();
    if (!seq) return seq.error();
    node.expr = std::move(*seq);
    if (auto s = expect_end(Tok::block_end); !s) return s.error();
    auto loop_body = body({"else", "endfor"}, pos);
    if (!loop_body) return loop_body.error();
    node.body = std::move(*loop_body);
    if (is_word("else", 1)) {
      next();
      next();
      if (auto s = expect_end(Tok::block_end); !s) return s.error();
      auto empty_body = body({"endfor"}, pos);
      if (!empty_body) return empty_body.error();
      node.else_body = std::move(*empty_body);
    }
    if (auto s = end_tag("endfor"); !s) return s.error();
    return node;
  }

  Result<Node> set_statement(Pos pos) {
    if (peek().kind != Tok::name) return error_at(peek().pos, "expected a variable name" + found());
    Node node{.kind = NodeKind::set_value, .pos = pos, .targets = {next().text}};
    if (peek().kind == Tok::block_end) {  // the block form
      next();
      node.kind = NodeKind::set_block;
      auto captured = body({"endset"}, pos);
      if (!captured) return captured.error();
      node.body = std::move(*captured);
      if (auto s = end_tag("endset"); !s) return s.error();
      return node;
    }
    if (auto s = expect_op("="); !s) return s.error();
    auto value = expression();
    if (!value) return value.error();
    node.expr = std::move(*value);
    if (auto s = expect_end(Tok::block_end); !s) return s.error();
    return node;
  }

  // --- expressions, lowest precedence first ---

  static Expr make(ExprKind kind, Pos pos, std::string name, std::vector<Expr> args) {
    return Expr{.kind = kind, .pos = pos, .name = std::move(name), .args = std::move(args)};
  }

  Result<Expr> expression() {
    const Nested level(nesting_);
    if (level.too_deep()) return error_at(peek().pos, "expression nested too deeply");
    auto value = or_expr();
    if (!value || !is_word("if")) return value;
    const Pos pos = next().pos;
    auto cond = or_expr();
    if (!cond) return cond.error();
    std::vector<Expr> args{std::move(*cond), std::move(*value)};
    if (is_word("else")) {
      next();
      auto otherwise = expression();
      if (!otherwise) return otherwise.error();
      args.push_back(std::move(*otherwise));
    }
    return make(ExprKind::conditional, pos, {}, std::move(args));
  }

  template <class Operand>
  Result<Expr> binary_chain(Operand operand, std::initializer_list<std::string_view> ops, bool words) {
    auto left = (this->*operand)();
    while (left) {
      std::string op;
      for (auto candidate : ops) {
        if (words ? is_word(candidate) : is_op(candidate)) op = candidate;
      }
      if (op.empty()) break;
      const Pos pos = next().pos;
      auto right = (this->*operand)();
      if (!right) return right.error();
      left = make(ExprKind::binary, pos, op, {std::move(*left), std::move(*right)});
    }
    return left;
  }

  Result<Expr> or_expr() { return binary_chain(&Parser::and_expr, {"or"}, true); }
  Result<Expr> and_expr() { return binary_chain(&Parser::not_expr, {"and"}, true); }

  Result<Expr> not_expr() {
    if (!is_word("not")) return compare();
    const Nested level(nesting_);
    if (level.too_deep()) return error_at(peek().pos, "expression nested too deeply");
    const Pos pos = next().pos;
    auto operand = not_expr();
    if (!operand) return operand.error();
    return make(ExprKind::unary, pos, "not", {std::move(*operand)});
  }

  Result<Expr> compare() {
    auto left = math1();
    while (left) {
      std::string op;
      for (std::string_view candidate : {"==", "!=", "<", "<=", ">", ">="}) {
        if (is_op(candidate)) op = candidate;
      }
      if (is_word("in")) op = "in";
      if (is_word("not") && is_word("in", 1)) op = "not in";
      if (op.empty()) break;
      const Pos pos = next().pos;
      if (op == "not in") next();
      auto right = math1();
      if (!right) return right.error();
      left = make(ExprKind::binary, pos, op, {std::move(*left), std::move(*right)});
    }
    return left;
  }

  Result<Expr> math1() { return binary_chain(&Parser::concat, {"+", "-"}, false); }
  Result<Expr> concat() { return binary_chain(&Parser::math2, {"~"}, false); }
  Result<Expr> math2() { return binary_chain(&Parser::power, {"*", "/", "//", "%"}, false); }
  Result<Expr> power() { return binary_chain(&Parser::unary, {"**"}, false); }

  Result<Expr> unary() {
    if (is_op("-") || is_op("+")) {
      const Nested level(nesting_);
      if (level.too_deep()) return error_at(peek().pos, "expression nested too deeply");
      const Token& op = next();
      auto operand = unary();
      if (!operand) return operand.error();
      return make(ExprKind::unary, op.pos, op.text, {std::move(*operand)});
    }
    auto value = primary();
    if (!value) return value;
    return filters_and_tests(std::move(*value));
  }

  Result<Expr> filters_and_tests(Expr value) {
    while (is_op("|")) {
      next();
      auto filtered = filter(std::move(value));
      if (!filtered) return filtered;
      value = std::move(*filtered);
    }
    if (!is_word("is")) return value;
    const Pos pos = next().pos;
    const bool negated = is_word("not") && (next(), true);
    if (peek().kind != Tok::name) return error_at(peek().pos, "expected a test name" + found());
    const Token& test = next();
    if (!is_known_test(test.text)) return error_at(test.pos, "unknown test '" + test.text + "'");
    Expr e = make(ExprKind::test, pos, test.text, {std::move(value)});
    e.negated = negated;
    return e;
  }

  Result<Expr> filter(Expr value) {
    if (peek().kind != Tok::name) return error_at(peek().pos, "expected a filter name" + found());
    const Token& name = next();
    if (!is_known_filter(name.text)) return error_at(name.pos, "unknown filter '" + name.text + "'");
    std::vector<Expr> args{std::move(value)};
    if (is_op("(")) {
      auto more = arguments(")");
      if (!more) return more.error();
      for (auto& arg : *more) args.push_back(std::move(arg));
    }
    auto e = postfix(make(ExprKind::filter, name.pos, name.text, std::move(args)));
    return e;
  }

  // `(a, b)` or `[a, b]` after the opening bracket (which is at peek()).
  Result<std::vector<Expr>> arguments(std::string_view close) {
    next();
    std::vector<Expr> args;
    while (!is_op(close)) {
      if (peek().kind == Tok::name && is_op("=", 1)) {
        return error_at(peek().pos, "keyword arguments are not supported; pass '" + peek().text + "' by position");
      }
      auto arg = expression();
      if (!arg) return arg.error();
      args.push_back(std::move(*arg));
      if (!is_op(",")) break;
      next();
    }
    if (auto s = expect_op(close); !s) return s.error();
    return args;
  }

  Result<Expr> primary() {
    const Token& t = peek();
    Expr atom{.pos = t.pos};
    if (t.kind == Tok::string) {
      atom.value = next().text;
    } else if (t.kind == Tok::number) {
      atom.value = number_value(next().text);
    } else if (t.kind == Tok::name) {
      auto literal = keyword_literal(t.text);
      next();
      if (literal) {
        atom.value = std::move(*literal);
      } else {
        atom.kind = ExprKind::name;
        atom.name = t.text;
      }
    } else if (is_op("(")) {
      next();
      auto inner = expression();
      if (!inner) return inner;
      if (auto s = expect_op(")"); !s) return s.error();
      atom = std::move(*inner);
    } else if (is_op("[")) {
      auto items = arguments("]");
      if (!items) return items.error();
      atom = make(ExprKind::list, t.pos, {}, std::move(*items));
    } else if (is_op("{")) {
      auto entries = dict_entries();
      if (!entries) return entries.error();
      atom = make(ExprKind::dict, t.pos, {}, std::move(*entries));
    } else {
      return error_at(t.pos, "expected an expression" + found());
    }
    return postfix(std::move(atom));
  }

  static nlohmann::json number_value(const std::string& text) {
    if (text.find('.') != std::string::npos) return std::strtod(text.c_str(), nullptr);
    return static_cast<std::int64_t>(std::strtoll(text.c_str(), nullptr, 10));
  }

  static std::optional<nlohmann::json> keyword_literal(const std::string& word) {
    if (word == "true" || word == "True") return nlohmann::json(true);
    if (word == "false" || word == "False") return nlohmann::json(false);
    if (word == "none" || word == "None") return nlohmann::json(nullptr);
    return std::nullopt;
  }

  Result<std::vector<Expr>> dict_entries() {
    next();
    std::vector<Expr> entries;
    while (!is_op("}")) {
      auto key = expression();
      if (!key) return key.error();
      if (auto s = expect_op(":"); !s) return s.error();
      auto value = expression();
      if (!value) return value.error();
      entries.push_back(std::move(*key));
      entries.push_back(std::move(*value));
      if (!is_op(",")) break;
      next();
    }
    if (auto s = expect_op("}"); !s) return s.error();
    return entries;
  }

  Result<Expr> postfix(Expr value) {
    while (true) {
      if (is_op(".")) {
        const Pos pos = next().pos;
        if (peek().kind != Tok::name && peek().kind != Tok::number) {
          return error_at(peek().pos, "expected an attribute name" + found());
        }
        std::string name = next().text;
        if (is_op("(")) {
          if (name != "items" && name != "keys" && name != "values") {
            return error_at(pos, "unsupported method call '" + name + "()'");
          }
          next();
          if (auto s = expect_op(")"); !s) return s.error();
          value = make(ExprKind::method_call, pos, name, {std::move(value)});
        } else {
          value = make(ExprKind::attribute, pos, name, {std::move(value)});
        }
      } else if (is_op("[")) {
        auto indexed = subscript(std::move(value));
        if (!indexed) return indexed;
        value = std::move(*indexed);
      } else {
        return value;
      }
    }
  }

  Result<Expr> slice_bound(std::initializer_list<std::string_view> ends) {
    for (auto end : ends) {
      if (is_op(end)) return Expr{.pos = peek().pos, .value = nullptr};
    }
    return expression();
  }

  Result<Expr> subscript(Expr value) {
    const Pos pos = next().pos;
    auto start = slice_bound({":"});
    if (!start) return start;
    if (is_op("]")) {
      next();
      return make(ExprKind::subscript, pos, {}, {std::move(value), std::move(*start)});
    }
    std::vector<Expr> args{std::move(value), std::move(*start)};
    for (int bound = 0; bound < 2; ++bound) {
      if (is_op(":")) {
        next();
        auto part = slice_bound({":", "]"});
        if (!part) return part;
        args.push_back(std::move(*part));
      } else {
        args.push_back(Expr{.pos = pos, .value = nullptr});
      }
    }
    if (auto s = expect_op("]"); !s) return s.error();
    return make(ExprKind::slice, pos, {}, std::move(args));
  }
};

}  // namespace

Result<std::vector<Node>> parse(std::string_view text) {
  auto tokens = Lexer(text).run();
  if (!tokens) return tokens.error();
  return Parser(std::move(*tokens)).run();
}

}  // namespace chatkit::widget::jinja
