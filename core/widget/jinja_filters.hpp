#pragma once
// The filters (`x | name(args)`) and tests (`x is name`) of the template subset
// (docs/WIDGET_TEMPLATES.md lists them). Errors carry a message without a position; the renderer
// adds the filter's line and column.
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/widget/jinja_value.hpp"

namespace chatkit::widget::jinja {

// `args[0]` is the filtered value, the rest the filter's own arguments.
Result<Value> apply_filter(std::string_view name, const std::vector<Value>& args);

bool apply_test(std::string_view name, const Value& value);

}  // namespace chatkit::widget::jinja
