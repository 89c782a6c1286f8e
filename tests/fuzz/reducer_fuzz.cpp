// Fuzzes the SSE decoder and the thread reducer: arbitrary bytes, fed in chunks whose size comes
// from the first input byte, decoded into events and folded into a state.
#include <cstdint>
#include <string_view>

#include "core/reducer.hpp"
#include "core/sse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chatkit;
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  SseDecoder decoder;
  ThreadState state;
  for (std::size_t at = 0; at < text.size(); at += chunk) {
    auto messages = decoder.feed(text.substr(at, chunk));
    if (!messages) return 0;
    for (const auto& message : *messages) {
      auto event = parse_event(message.data, kWidgetJsonLimits);
      if (event) (void)apply_event(state, *event);
    }
  }
  (void)decoder.finish();
  (void)items_to_persist_on_cancel(state);
  (void)to_wire(encode_state(state));
  return 0;
}
