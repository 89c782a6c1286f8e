#include "core/protocol/widget_json.hpp"

namespace chatkit {

json strip_widget_nulls(const json& widget) {
  if (widget.is_object()) {
    json out = json::object();
    for (auto it = widget.begin(); it != widget.end(); ++it) {
      if (it->is_null() && it.key() != "children") continue;
      out[it.key()] = strip_widget_nulls(*it);
    }
    return out;
  }
  if (widget.is_array()) {
    json out = json::array();
    for (const auto& element : widget) {
      if (!element.is_null()) out.push_back(strip_widget_nulls(element));
    }
    return out;
  }
  return widget;
}

bool has_strippable_nulls(const json& widget) {
  if (widget.is_object()) {
    for (auto it = widget.begin(); it != widget.end(); ++it) {
      if (it->is_null() ? it.key() != "children" : has_strippable_nulls(*it)) return true;
    }
  } else if (widget.is_array()) {
    for (const auto& element : widget) {
      if (element.is_null() || has_strippable_nulls(element)) return true;
    }
  }
  return false;
}

}  // namespace chatkit
