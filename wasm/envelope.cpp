#include "wasm/envelope.hpp"

#include <exception>

namespace chatkit::wasm {

json parsed_or_fail(const std::string& text, const JsonLimits& limits) {
  auto parsed = parse_json(text, limits);
  if (!parsed) throw Failure{parsed.error()};
  return std::move(*parsed);
}

void ok_or_fail(const Status& status) {
  if (!status) throw Failure{status.error()};
}

std::string error_envelope(const Error& error) {
  const ErrorInfo& info = error_info(error.code);
  json fields = json::object();
  fields["code"] = std::string(info.code);
  fields["message"] = error.message.empty() ? std::string(info.default_message) : error.message;
  fields["path"] = error.path;
  json out = json::object();
  out["error"] = std::move(fields);
  return to_wire(out);
}

std::string run_in_envelope(json (*produce)(void* context), void* context) {
  try {
    json out = json::object();
    out["value"] = produce(context);
    return to_wire(out);
  } catch (const Failure& failure) {
    return error_envelope(failure.error);
  } catch (const std::exception& e) {
    return error_envelope(make_error(ErrorCode::internal, e.what()));
  }
}

}  // namespace chatkit::wasm
