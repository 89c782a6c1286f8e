#pragma once
// A use case's ChatKit Studio widget templates (.widget files, core/widget/template.hpp), shipped
// inside the binary: CMake's chatkit_embed_widget_templates (cmake/widget_templates.cmake) writes
// each file's text into a generated source, so a container or a CDN-less install never looks for
// them on disk. Parsed once when the use case is made: a broken template stops start-up, naming
// the file, instead of failing the first user who reaches that step.
#include <map>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/widget/template.hpp"

namespace chatkit::server::kit {

struct EmbeddedFile {
  std::string_view name;  // the file name without ".widget": what render() takes
  std::string_view text;
};

class WidgetTemplates {
 public:
  static Result<WidgetTemplates> parse(std::span<const EmbeddedFile> files);

  // The widget the template `name` renders for `data`: the data checked against its jsonSchema,
  // the output against the catalogue (core/widget/template.hpp). An unknown name is invalid_state.
  Result<nlohmann::json> render(std::string_view name, const nlohmann::json& data) const;
  bool has(std::string_view name) const { return templates_.contains(name); }
  std::size_t size() const { return templates_.size(); }

 private:
  std::map<std::string, widget::Template, std::less<>> templates_;
};

}  // namespace chatkit::server::kit
