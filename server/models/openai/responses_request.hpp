#pragma once
// The Responses API request body for a ModelRequest (pure).
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/models/model.hpp"

namespace chatkit::server {

// {"model", "stream": true, "instructions"?, "input", "tools"?, "store": false, "max_output_tokens"?}.
// Nothing is stored upstream: the thread's history is ours and is sent whole every time.
nlohmann::json responses_body(const ModelRequest& request, std::string_view model);

}  // namespace chatkit::server
