#pragma once
// How results cross to JavaScript: every raw function returns an envelope, {"value": <json>} or
// {"error": {"code", "message", "path"}}, which chatkit.mjs unwraps into a value or a thrown
// ChatKitError. (Throwing a JS error from C++ would skip the destructors of the C++ frames it
// unwinds, leaking on every error; an escaping C++ exception would reach JS as a bare number.)
#include <exception>
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

// Runs `produce` (which returns the value as json) and wraps its outcome in the envelope.
template <class Produce>
std::string envelope(Produce produce) {
  try {
    json out = json::object();
    out["value"] = produce();
    return to_wire(out);
  } catch (const Failure& failure) {
    return error_envelope(failure.error);
  } catch (const std::exception& e) {
    return error_envelope(make_error(ErrorCode::internal, e.what()));
  }
}

}  // namespace chatkit::wasm
