#pragma once
// How results cross to JavaScript: every raw function returns an envelope, {"value": <json>} or
// {"error": {"code", "message", "path"}}, which chatkit.mjs unwraps into a value or a thrown
// ChatKitError. (Throwing a JS error from C++ would skip the destructors of the C++ frames it
// unwinds, leaking on every error; an escaping C++ exception would reach JS as a bare number.)
#include <string>

#include "core/json_io.hpp"
#include "core/result.hpp"

namespace chatkit::wasm {

inline constexpr JsonLimits kWidgetLimits = kWidgetJsonLimits;

// Carries an Error from deep inside a conversion to the envelope (a C++ exception, so that
// destructors run).
struct Failure {
  Error error;
};

json parsed_or_fail(const std::string& text, const JsonLimits& limits = {});
void ok_or_fail(const Status& status);

template <class T>
T value_or_fail(Result<T> result) {
  if (!result) throw Failure{result.error()};
  return std::move(*result);
}

std::string error_envelope(const Error& error);

// Runs `produce(context)` and wraps its outcome in the envelope (envelope.cpp).
std::string run_in_envelope(json (*produce)(void* context), void* context);

// Runs `produce` (which returns the value as json) and wraps its outcome in the envelope. The
// catching and wrapping are compiled once, in run_in_envelope, rather than for every caller.
template <class Produce>
std::string envelope(Produce produce) {
  return run_in_envelope([](void* context) -> json { return (*static_cast<Produce*>(context))(); }, &produce);
}

}  // namespace chatkit::wasm
