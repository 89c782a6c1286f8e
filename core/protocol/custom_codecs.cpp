// Codecs for the protocol types that are not plain described structs.
#include "core/icons.hpp"
#include "core/protocol/codec.hpp"
#include "core/protocol/common.hpp"
#include "core/protocol/widget_json.hpp"
#include "core/protocol/workflow.hpp"

namespace chatkit::codec {

void Codec<IconName>::read(const json& j, IconName& out, const Path& path) {
  if (!j.is_string()) return fail_kind(path, "an icon name (string)", j);
  out.value = j.get<std::string>();
  if (!is_icon_name(out.value)) fail(path, "unknown icon name '" + out.value.substr(0, 64) + "'");
}
json Codec<IconName>::write(const IconName& value, const WriteOptions&) { return value.value; }

void Codec<Timestamp>::read(const json& j, Timestamp& out, const Path& path) {
  if (!j.is_string()) return fail_kind(path, "an ISO-8601 date-time string", j);
  auto parsed = parse_iso8601(j.get_ref<const std::string&>());
  if (!parsed) return fail(path, parsed.error().message);
  out = *parsed;
}
json Codec<Timestamp>::write(const Timestamp& value, const WriteOptions&) { return format_iso8601(value); }

void Codec<WorkflowSummary>::read(const json& j, WorkflowSummary& out, const Path& path) {
  if (!j.is_object()) return fail_kind(path, "an object", j);
  // Told apart by shape: a duration summary has `duration`, a custom summary has `title`.
  if (j.contains("duration")) {
    read_struct(j, out.value.emplace<DurationSummary>(), path);
  } else if (j.contains("title")) {
    read_struct(j, out.value.emplace<CustomSummary>(), path);
  } else {
    fail(path, "expected a summary with either `title` or `duration`");
  }
}
json Codec<WorkflowSummary>::write(const WorkflowSummary& value, const WriteOptions& options) {
  return std::visit([&](const auto& summary) { return codec::write(summary, options); }, value.value);
}

namespace {
void read_component(const json& j, json& out, const Path& path) {
  if (!j.is_object()) return fail_kind(path, "a widget component (object)", j);
  auto type = j.find("type");
  if (type == j.end() || !type->is_string()) {
    return fail(path.field("type"), "a widget component needs a string `type`");
  }
  out = strip_widget_nulls(j);
}
}  // namespace

void Codec<WidgetRoot>::read(const json& j, WidgetRoot& out, const Path& path) { read_component(j, out.value, path); }
json Codec<WidgetRoot>::write(const WidgetRoot& value, const WriteOptions&) { return strip_widget_nulls(value.value); }

void Codec<WidgetComponent>::read(const json& j, WidgetComponent& out, const Path& path) {
  read_component(j, out.value, path);
}
json Codec<WidgetComponent>::write(const WidgetComponent& value, const WriteOptions&) {
  return strip_widget_nulls(value.value);
}

}  // namespace chatkit::codec
