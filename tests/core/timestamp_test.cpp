#include "core/timestamp.hpp"

#include <gtest/gtest.h>

namespace chatkit {
namespace {

std::int64_t micros(std::string_view text) {
  auto parsed = parse_iso8601(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed->micros : -1;
}

TEST(Timestamp, FormatsUtcWithMicrosecondsAndZ) {
  EXPECT_EQ(format_iso8601({0}), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(format_iso8601({1735787045123456}), "2025-01-02T03:04:05.123456Z");
  EXPECT_EQ(format_iso8601({-1}), "1969-12-31T23:59:59.999999Z");
}

TEST(Timestamp, AcceptsTheFormsTheReferenceAndOthersWrite) {
  const std::int64_t expected = 1735787045123456;
  EXPECT_EQ(micros("2025-01-02T03:04:05.123456"), expected);         // reference: naive local clock
  EXPECT_EQ(micros("2025-01-02T03:04:05.123456Z"), expected);
  EXPECT_EQ(micros("2025-01-02T05:04:05.123456+02:00"), expected);
  EXPECT_EQ(micros("2025-01-01T22:04:05.123456-0500"), expected);
  EXPECT_EQ(micros("2025-01-02 03:04:05.123456789Z"), expected);     // nanoseconds truncated
  EXPECT_EQ(micros("2025-01-02T03:04:05Z"), expected - 123456);
  EXPECT_EQ(micros("2025-01-02T03:04Z"), expected - 5123456);
}

TEST(Timestamp, RoundTripsThroughTheWireForm) {
  for (std::int64_t t : {0LL, 1LL, 951782400000000LL, 4102444799999999LL, -62135596800000000LL}) {
    EXPECT_EQ(micros(format_iso8601({t})), t);
  }
}

TEST(Timestamp, KnowsLeapYears) {
  EXPECT_TRUE(parse_iso8601("2024-02-29T00:00:00Z").ok());
  EXPECT_TRUE(parse_iso8601("2000-02-29T00:00:00Z").ok());
  EXPECT_FALSE(parse_iso8601("2100-02-29T00:00:00Z").ok());
  EXPECT_FALSE(parse_iso8601("2023-02-29T00:00:00Z").ok());
}

TEST(Timestamp, RefusesWhatIsNotAnIso8601DateTime) {
  for (std::string_view bad : {"", "2025", "2025-01-02", "2025-13-01T00:00Z", "2025-01-32T00:00Z", "2025-01-02T24:00Z",
                               "2025-01-02T03:04:05.Z", "2025-01-02T03:04:05+2", "2025-01-02T03:04:05Zjunk",
                               "yesterday", "2025/01/02T03:04:05Z"}) {
    auto parsed = parse_iso8601(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_NE(parsed.error().message.find("invalid ISO-8601"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace chatkit
