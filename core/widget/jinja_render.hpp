#pragma once
// Syntax tree + data -> text: evaluates a parsed template (jinja_parser) against a JSON object,
// the template's variables. Errors are ErrorCode::invalid_widget, their message starting with
// "LINE:COLUMN: ".
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/widget/jinja_ast.hpp"

namespace chatkit::widget::jinja {

Result<std::string> render(const std::vector<Node>& nodes, const nlohmann::json& data);

}  // namespace chatkit::widget::jinja
