#include "core/icons.hpp"

#include <algorithm>
#include <array>

namespace chatkit {
namespace {

// Sorted, so that lookup is a binary search.
constexpr std::array<std::string_view, 64> kIcons = {
    "agent", "analytics", "atom", "batch", "bolt", "book-clock", "book-closed", "book-open", "bug", "calendar",
    "chart", "check", "check-circle", "check-circle-filled", "chevron-left", "chevron-right", "circle-question",
    "clock", "compass", "confetti", "cube", "desktop", "document", "dot", "dots-horizontal", "dots-vertical",
    "empty-circle", "external-link", "globe", "images", "info", "keys", "lab", "lifesaver", "lightbulb", "mail",
    "map-pin", "maps", "mobile", "name", "notebook", "notebook-pencil", "page-blank", "phone", "play", "plus",
    "profile", "profile-card", "reload", "search", "settings-slider", "sparkle", "sparkle-double", "square-code",
    "square-image", "square-text", "star", "star-filled", "suitcase", "user", "wreath", "write", "write-alt",
    "write-alt2"};

static_assert(std::is_sorted(kIcons.begin(), kIcons.end()));

}  // namespace

bool is_icon_name(std::string_view name) {
  if (name.starts_with("vendor:") || name.starts_with("lucide:")) return name.size() > 7;
  return std::binary_search(kIcons.begin(), kIcons.end(), name);
}

}  // namespace chatkit
