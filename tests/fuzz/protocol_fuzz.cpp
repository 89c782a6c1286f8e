// Fuzzes request decoding: arbitrary bytes as a POST /chatkit body; accepted requests must
// re-encode and decode to the same value.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/protocol/requests.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chatkit;
  auto request = parse_request(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!request) return 0;
  const json encoded = encode_request(*request);
  auto again = decode_request(encoded);
  if (!again || encode_request(*again) != encoded) std::abort();  // canonical form is a fixed point
  return 0;
}
