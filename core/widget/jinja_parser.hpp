#pragma once
// Template text -> syntax tree: the lexer and the recursive-descent parser of the Jinja subset
// (docs/WIDGET_TEMPLATES.md). Errors are ErrorCode::invalid_widget, their message starting with
// "LINE:COLUMN: ".
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/widget/jinja_ast.hpp"

namespace chatkit::widget::jinja {

Result<std::vector<Node>> parse(std::string_view text);

// True for the filter names the renderer knows (the parser refuses the others).
bool is_known_filter(std::string_view name);
bool is_known_test(std::string_view name);

}  // namespace chatkit::widget::jinja
