// The malformed-input corpus (tests/fixtures/malformed/): every case is refused with the expected
// error code, JSON path and reason, and nothing crashes (this suite also runs under ASan/UBSan and
// in wasm).
#include "core/protocol/requests.hpp"

#include <gtest/gtest.h>

#include "core/protocol/items.hpp"
#include "core/sse.hpp"
#include "support/fixtures.hpp"

namespace chatkit {
namespace {

std::string from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

std::string generated_body(const json& spec) {
  const auto kind = spec.at("generate").get<std::string>();
  const auto depth = spec.at("depth").get<std::size_t>();
  if (kind == "nested_arrays") return std::string(depth, '[') + std::string(depth, ']');
  std::string nest;
  for (std::size_t i = 0; i < depth; ++i) nest += "{\"a\":";
  nest += "1" + std::string(depth, '}');
  if (kind == "nested_objects") return nest;
  return R"({"type":"threads.list","params":{},"metadata":)" + nest + "}";
}

std::string body_of(const json& spec) {
  if (spec.contains("body_hex")) return from_hex(spec["body_hex"].get<std::string>());
  if (spec.contains("generate")) return generated_body(spec);
  return spec.at("body").get<std::string>();
}

void expect_refusal(const Error& error, const json& spec) {
  EXPECT_EQ(error_info(error.code).code, spec.at("code").get<std::string>()) << describe(error);
  EXPECT_EQ(error.path, spec.at("path").get<std::string>()) << describe(error);
  EXPECT_NE(error.message.find(spec.at("message_contains").get<std::string>()), std::string::npos) << describe(error);
  EXPECT_FALSE(error.message.empty());
}

TEST(Malformed, RequestsAreRefusedWithCodePathAndReason) {
  const json cases = testing::read_json(testing::fixtures_dir() / "malformed/requests.json");
  ASSERT_GE(cases.size(), 50u);
  for (const auto& spec : cases) {
    SCOPED_TRACE(spec.at("name").get<std::string>());
    auto request = parse_request(body_of(spec));
    ASSERT_FALSE(request.ok()) << "accepted: " << body_of(spec).substr(0, 200);
    expect_refusal(request.error(), spec);
  }
}

TEST(Malformed, EventsAreRefusedWithCodePathAndReason) {
  const json cases = testing::read_json(testing::fixtures_dir() / "malformed/events.json");
  ASSERT_GE(cases.size(), 15u);
  for (const auto& spec : cases) {
    SCOPED_TRACE(spec.at("name").get<std::string>());
    auto event = parse_event(std::string_view(spec.at("body").get<std::string>()));
    ASSERT_FALSE(event.ok());
    expect_refusal(event.error(), spec);
  }
}

// Decoding stops at the first problem, in field order, and reports that one.
TEST(Malformed, TheFirstProblemIsTheOneReported) {
  const auto item = [](const char* created_at, const char* content) {
    return json::parse(std::string(R"({"type":"user_message","id":"m","thread_id":"t","created_at":)") + created_at +
                       R"(,"content":)" + content + R"(,"inference_options":{}})");
  };
  const char* good_content = R"([{"type":"input_text","text":"hi"}])";
  const char* bad_content = R"([{"type":"input_text","text":"hi"},{"type":"bogus"},{"type":5}])";
  ASSERT_TRUE(decode_item(item(R"("2025-01-02T03:04:05Z")", good_content)).ok());

  auto first = decode_item(item(R"("not a date")", bad_content));
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().path, "$.created_at");

  auto second = decode_item(item(R"("2025-01-02T03:04:05Z")", bad_content));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().path, "$.content[1].type");
  EXPECT_NE(second.error().message.find("unknown type 'bogus'"), std::string::npos) << second.error().message;
}

TEST(Malformed, SseStreamsAreRefusedWithAReason) {
  const json cases = testing::read_json(testing::fixtures_dir() / "malformed/sse.json");
  ASSERT_GE(cases.size(), 5u);
  for (const auto& spec : cases) {
    SCOPED_TRACE(spec.at("name").get<std::string>());
    auto events = decode_sse_events(spec.at("sse").get<std::string>());
    ASSERT_FALSE(events.ok());
    EXPECT_EQ(events.error().code, ErrorCode::invalid_event);
    EXPECT_NE(events.error().message.find(spec.at("message_contains").get<std::string>()), std::string::npos)
        << describe(events.error());
  }
}

TEST(Malformed, OversizedBodiesAreRefusedBeforeParsing) {
  auto request = parse_request(std::string(2048, ' '), JsonLimits{.max_depth = 8, .max_bytes = 1024});
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.error().code, ErrorCode::payload_too_large);
  EXPECT_EQ(error_info(request.error().code).http_status, 413);
}

}  // namespace
}  // namespace chatkit
