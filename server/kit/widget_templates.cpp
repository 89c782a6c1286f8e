#include "server/kit/widget_templates.hpp"

namespace chatkit::server::kit {

Result<WidgetTemplates> WidgetTemplates::parse(std::span<const EmbeddedFile> files) {
  WidgetTemplates set;
  for (const auto& file : files) {
    auto parsed = widget::Template::parse(file.text, std::string(file.name));
    if (!parsed) {
      Error error = parsed.error();
      error.message = std::string(file.name) + ".widget: " + error.message;
      return error;
    }
    if (!set.templates_.emplace(std::string(file.name), std::move(*parsed)).second) {
      return make_error(ErrorCode::invalid_state, "two widget templates are named '" + std::string(file.name) + "'");
    }
  }
  return set;
}

Result<nlohmann::json> WidgetTemplates::render(std::string_view name, const nlohmann::json& data) const {
  const auto found = templates_.find(name);
  if (found == templates_.end()) {
    return make_error(ErrorCode::invalid_state, "no widget template named '" + std::string(name) + "'");
  }
  return found->second.render(data);
}

}  // namespace chatkit::server::kit
