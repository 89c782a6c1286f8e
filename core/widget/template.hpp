#pragma once
// Widget templates: ChatKit Studio's `.widget` files (JSON with `version`, `name`, `template`,
// `jsonSchema`, `outputJsonPreview`). Parse once, render many: render checks the data against
// `jsonSchema`, runs the Jinja template (the subset in docs/WIDGET_TEMPLATES.md), parses its
// output as JSON and validates the widget against the catalogue. Every error names the template
// and, for the template's own faults, the line and column: "todo_card:3:14: unknown filter 'x'".
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_io.hpp"
#include "core/result.hpp"

namespace chatkit::widget {

namespace jinja {
struct Node;
}

class Template {
 public:
  // A `.widget` file's text. `fallback_name` names the template in errors when the file has no
  // `name` (a file name, say).
  static Result<Template> parse(std::string_view widget_file, std::string fallback_name = "template");
  // A bare Jinja template, with an optional schema for its data (null: any object).
  static Result<Template> from_source(std::string name, std::string_view source, json schema = nullptr);

  // The validated widget root. Data failing the schema is ErrorCode::invalid_request; a template
  // fault or a widget the catalogue refuses is ErrorCode::invalid_widget.
  Result<json> render(const json& data) const;

  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const json& schema() const { return schema_; }
  const json& preview() const { return preview_; }  // outputJsonPreview, or null

 private:
  Template() = default;
  std::string name_;
  std::string version_;
  json schema_;
  json preview_;
  std::shared_ptr<const std::vector<jinja::Node>> nodes_;  // shared: copies of a template are cheap
};

}  // namespace chatkit::widget
