#include "core/protocol/requests.hpp"

#include "core/protocol/codec.hpp"

namespace chatkit {

bool is_streaming(const Request& request) {
  return std::visit([](const auto& r) { return kIsStreaming<std::decay_t<decltype(r)>>; }, request);
}

SplitRequest split_request(Request request) {
  return std::visit(
      [](auto&& r) -> SplitRequest {
        using R = std::decay_t<decltype(r)>;
        if constexpr (kIsStreaming<R>) {
          return StreamingRequest(std::forward<decltype(r)>(r));
        } else {
          return JsonRequest(std::forward<decltype(r)>(r));
        }
      },
      std::move(request));
}

std::string_view request_type(const Request& request) {
  return std::visit([](const auto& r) { return std::decay_t<decltype(r)>::kType; }, request);
}

Result<Request> parse_request(std::string_view body, const JsonLimits& limits) {
  auto parsed = parse_json(body, limits);
  if (!parsed) return parsed.error();
  return decode_request(*parsed);
}

Result<Request> decode_request(const json& j) { return codec::decode<Request>(j, ErrorCode::invalid_request); }

json encode_request(const Request& request) { return codec::encode(request); }

std::int64_t effective_limit(const std::optional<std::int64_t>& limit) {
  return !limit || *limit == 0 ? kDefaultPageSize : *limit;
}

}  // namespace chatkit
