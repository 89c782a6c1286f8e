#include "wasm/envelope.hpp"

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
  return to_wire({{"error",
                   {{"code", std::string(error_info(error.code).code)},
                    {"message", error.message.empty() ? std::string(error_info(error.code).default_message) : error.message},
                    {"path", error.path}}}});
}

}  // namespace chatkit::wasm
