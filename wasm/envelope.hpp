#pragma once
// How results cross to JavaScript: every raw function returns an envelope, {"value": <json>} or
// {"error": {"code", "message", "path"}}, which chatkit.mjs unwraps into a value or a thrown
// ChatKitError. Errors are values all the way (Result), as in the core: nothing throws, and the
// module is built without C++ exceptions (wasm/CMakeLists.txt). (Throwing a JS error from C++
// would skip the destructors of the C++ frames it unwinds, leaking on every error.)
#include <string>

#include "core/json_io.hpp"
#include "core/result.hpp"

namespace chatkit::wasm {

inline constexpr JsonLimits kWidgetLimits = kWidgetJsonLimits;

std::string error_envelope(const Error& error);

// Runs `produce(context)` and wraps its outcome in the envelope (envelope.cpp).
std::string run_in_envelope(Result<json> (*produce)(void* context), void* context);

// Runs `produce` (which returns the value, json or Result<json>) and wraps its outcome in the
// envelope. The wrapping is compiled once, in run_in_envelope, rather than for every caller.
template <class Produce>
std::string envelope(Produce produce) {
  return run_in_envelope([](void* context) -> Result<json> { return (*static_cast<Produce*>(context))(); }, &produce);
}

}  // namespace chatkit::wasm
