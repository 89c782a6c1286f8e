#include "server/chatkit/widget_checks.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "core/variant_util.hpp"
#include "core/widget/validate.hpp"

namespace chatkit::server {

namespace {

[[maybe_unused]] bool asked_for_by_environment() {
  const char* value = std::getenv("CHATKIT_STRICT_WIDGETS");
  return value != nullptr && std::string_view(value) == "1";
}

void check_item(const ThreadItem& item) {
  if (const auto* widget = std::get_if<WidgetItem>(&item)) check_widget(widget->widget.value);
}

}  // namespace

bool strict_widget_checks() {
#ifdef NDEBUG
  static const bool strict = asked_for_by_environment();
#else
  static const bool strict = true;
#endif
  return strict;
}

void check_widget(const nlohmann::json& widget) {
  const auto issues = widget::validate(widget, widget::Strictness::strict);
  if (issues.empty()) return;
  throw std::logic_error("a widget breaks the strict catalogue: " + issues.front().path + ": " +
                         issues.front().message);
}

void check_emitted_widgets(const ThreadStreamEvent& event) {
  if (!strict_widget_checks()) return;
  std::visit(Overloaded{
                 [](const ThreadItemAddedEvent& e) { check_item(e.item); },
                 [](const ThreadItemDoneEvent& e) { check_item(e.item); },
                 [](const ThreadItemReplacedEvent& e) { check_item(e.item); },
                 [](const ThreadItemUpdatedEvent& e) {
                   if (const auto* root = std::get_if<WidgetRootUpdated>(&e.update)) check_widget(root->widget.value);
                 },
                 [](const auto&) {},
             },
             event);
}

}  // namespace chatkit::server
