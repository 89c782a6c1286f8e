#include "wasm/envelope.hpp"

namespace chatkit::wasm {

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

std::string run_in_envelope(Result<json> (*produce)(void* context), void* context) {
  Result<json> value = produce(context);
  if (!value) return error_envelope(value.error());
  json out = json::object();
  out["value"] = std::move(*value);
  return to_wire(out);
}

}  // namespace chatkit::wasm
