#pragma once
// Icon names (docs/PROTOCOL.md Appendix A): 64 literals, plus any "vendor:" or "lucide:" name.
#include <string_view>

namespace chatkit {

bool is_icon_name(std::string_view name);

}  // namespace chatkit
