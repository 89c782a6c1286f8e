#pragma once
// Widget diffing (docs/PROTOCOL.md §6).
//  - reference: §6.2 exactly (root replacement or streaming-text deltas), with the §6.3
//    consequences, but never failing where the reference crashes.
//  - fine (default): component updates for id'd components whose props changed, value deltas for
//    appended text, and root replacement only when nothing smaller can express the change.
//    Applying the fine output to `before` (apply.hpp) always yields exactly `after`.
#include <vector>

#include "core/protocol/updates.hpp"

namespace chatkit::widget {

enum class DiffMode { reference, fine };

std::vector<WidgetUpdate> diff(const json& before, const json& after, DiffMode mode = DiffMode::fine);

}  // namespace chatkit::widget
