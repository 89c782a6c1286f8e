#pragma once
// The conversions of the tools build (chatkit-core-tools): request parsing, normalising any wire
// value, widget diffing, applying and validating. The page never needs them, so the browser
// module leaves them (and the codec, diff and validator code behind them) out.
#include <string>

namespace chatkit::wasm {

std::string parse_request(const std::string& text);
std::string normalize(const std::string& kind, const std::string& text);
std::string diff_widgets(const std::string& before, const std::string& after, const std::string& mode);
std::string apply_widget_update(const std::string& widget, const std::string& update);
std::string validate_widget(const std::string& widget);

}  // namespace chatkit::wasm
