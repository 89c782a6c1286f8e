#include "core/widget/template.hpp"

#include "core/json_schema.hpp"
#include "core/widget/jinja_parser.hpp"
#include "core/widget/jinja_render.hpp"
#include "core/widget/validate.hpp"

namespace chatkit::widget {
namespace {

Error named(const std::string& name, const Error& error) {
  return make_error(error.code, name + ":" + error.message, error.path);
}

// The string member `key` of a `.widget` file, or `fallback` when it is absent.
Result<std::string> string_member(const json& file, const char* key, std::string fallback) {
  const auto found = file.find(key);
  if (found == file.end() || found->is_null()) return fallback;
  if (!found->is_string()) {
    return make_error(ErrorCode::invalid_widget, std::string("\"") + key + "\" must be a string", std::string("$.") + key);
  }
  return found->get<std::string>();
}

// Widget JSON as the template printed it: parse errors point into the rendered text.
Result<json> parse_output(const std::string& name, const std::string& text) {
  auto parsed = parse_json(text, kWidgetJsonLimits);
  if (!parsed) {
    return make_error(ErrorCode::invalid_widget,
                      name + ": the rendered template is not JSON: " + parsed.error().message);
  }
  return parsed;
}

}  // namespace

Result<Template> Template::parse(std::string_view widget_file, std::string fallback_name) {
  auto file = parse_json(widget_file);
  if (!file) return named(fallback_name, file.error());
  if (!file->is_object()) return make_error(ErrorCode::invalid_widget, fallback_name + ": a .widget file is a JSON object");
  auto name = string_member(*file, "name", fallback_name);
  if (!name) return named(fallback_name, name.error());
  auto source = string_member(*file, "template", "");
  if (!source) return named(*name, source.error());
  if (!file->contains("template")) {
    return make_error(ErrorCode::invalid_widget, *name + ": a .widget file needs a \"template\" string", "$.template");
  }
  auto version = string_member(*file, "version", "");
  if (!version) return named(*name, version.error());
  const auto schema = file->find("jsonSchema");
  auto made = from_source(*name, *source, schema == file->end() ? json(nullptr) : *schema);
  if (!made) return made;
  made->version_ = std::move(*version);
  if (const auto preview = file->find("outputJsonPreview"); preview != file->end()) made->preview_ = *preview;
  return made;
}

Result<Template> Template::from_source(std::string name, std::string_view source, json schema) {
  if (!schema.is_null() && !schema.is_object() && !schema.is_boolean()) {
    return make_error(ErrorCode::invalid_widget, name + ": \"jsonSchema\" must be an object", "$.jsonSchema");
  }
  auto nodes = jinja::parse(source);
  if (!nodes) return named(name, nodes.error());
  Template made;
  made.name_ = std::move(name);
  made.schema_ = std::move(schema);
  made.nodes_ = std::make_shared<const std::vector<jinja::Node>>(std::move(*nodes));
  return made;
}

Result<json> Template::render(const json& data) const {
  if (!data.is_object()) {
    return make_error(ErrorCode::invalid_request, name_ + ": the data must be a JSON object, not " +
                                                      std::string(json_kind(data)), "$");
  }
  if (!schema_.is_null()) {
    if (auto violation = check_schema(data, schema_)) {
      return make_error(ErrorCode::invalid_request,
                        name_ + ": the data does not match jsonSchema: " + violation->path + " " + violation->message,
                        violation->path);
    }
  }
  auto text = jinja::render(*nodes_, data);
  if (!text) return named(name_, text.error());
  auto widget = parse_output(name_, *text);
  if (!widget) return widget;
  if (auto valid = check(*widget); !valid) {
    return make_error(ErrorCode::invalid_widget, name_ + ": the rendered widget is invalid: " + valid.error().message,
                      valid.error().path);
  }
  return widget;
}

}  // namespace chatkit::widget
