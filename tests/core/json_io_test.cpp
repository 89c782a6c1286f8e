#include "core/json_io.hpp"

#include <gtest/gtest.h>

namespace chatkit {
namespace {

TEST(JsonIo, ParsesDocumentsWithinLimits) {
  auto parsed = parse_json(R"({"a":[1,2,{"b":"é"}]})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)["a"][2]["b"], "é");
}

TEST(JsonIo, RefusesNestingBeyondTheLimitWithItsOffset) {
  auto parsed = parse_json("[[[[1]]]]", JsonLimits{.max_depth = 3});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::invalid_json);
  EXPECT_NE(parsed.error().message.find("at byte 3"), std::string::npos) << parsed.error().message;
  EXPECT_TRUE(parse_json("[[[1]]]", JsonLimits{.max_depth = 3}).ok());
}

TEST(JsonIo, BracketsInsideStringsDoNotCountAsNesting) {
  EXPECT_TRUE(parse_json(R"(["[[[[[[", "\"[[[["])", JsonLimits{.max_depth = 2}).ok());
}

TEST(JsonIo, RefusesMoreValuesThanTheLimitBeforeBuildingTheTree) {
  const JsonLimits limits{.max_values = 100};
  std::string many = "[";
  for (int i = 0; i < 1000; ++i) many += i ? ",{}" : "{}";
  many += "]";
  auto parsed = parse_json(many, limits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::payload_too_large);
  EXPECT_NE(parsed.error().message.find("more than 100 values"), std::string::npos) << parsed.error().message;
  // Commas and brackets inside strings are text, not values.
  EXPECT_TRUE(parse_json(R"({"a": ",,,,,,,,,,,,[[[[{{{{", "b": [1, 2, 3]})", JsonLimits{.max_values = 6}).ok());
  EXPECT_FALSE(parse_json("[1,2,3,4,5,6,7]", JsonLimits{.max_values = 6}).ok());
  EXPECT_TRUE(parse_json("[1,2,3,4,5]", JsonLimits{.max_values = 6}).ok());
}

TEST(JsonIo, BuildsTheSameTreeAsTheLibrarysParser) {
  for (const char* text :
       {R"({"a":[1,-2,3.5,18446744073709551615,{"b":null,"c":[[],{}]}],"d":true,"e":"x"})",
        R"([{"k":1,"k":2},[[[false]]],"\u00e9\ud83d\ude00"])", "0", "\"s\"", "null", " [ ] ", "{}"}) {
    auto parsed = parse_json(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().message;
    EXPECT_EQ(*parsed, json::parse(text)) << text;
  }
}

TEST(JsonIo, RefusesWhatTheLibraryRefuses) {
  for (const char* text : {"", "[1,]", "{\"a\" 1}", "[1] 2", "1e400", "\"\xff\"", "[\"a\"", "nul"}) {
    auto parsed = parse_json(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_json) << text;
    EXPECT_FALSE(json::accept(text)) << text;
  }
}

TEST(JsonIo, ReportsParserErrorsWithoutTheLibraryPrefix) {
  auto parsed = parse_json("{\"a\":");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message.rfind("[json.exception", 0), std::string::npos);
  EXPECT_NE(parsed.error().message.find("parse error"), std::string::npos) << parsed.error().message;
}

TEST(JsonIo, WireFormIsCompactAndNeverThrowsOnBadUtf8) {
  EXPECT_EQ(to_wire(json::parse(R"({"b": [1, 2], "a": "x\ny"})")), R"({"a":"x\ny","b":[1,2]})");
  EXPECT_NO_THROW(to_wire(json(std::string("bad \xff byte"))));
}

TEST(JsonIo, ExcerptsCutLongValuesOnACharacterBoundary) {
  EXPECT_EQ(json_excerpt(json("short")), "\"short\"");
  const std::string excerpt = json_excerpt(json(std::string(40, 'a') + "é€😀" + std::string(40, 'b')), 45);
  EXPECT_LE(excerpt.size(), 45u);
  EXPECT_EQ(excerpt.substr(excerpt.size() - 3), "...");
  EXPECT_TRUE(parse_json(json(excerpt).dump()).ok());  // still valid UTF-8
}

TEST(JsonIo, NamesJsonKinds) {
  EXPECT_EQ(json_kind(json(1)), "integer");
  EXPECT_EQ(json_kind(json(1.5)), "number");
  EXPECT_EQ(json_kind(json::array()), "array");
  EXPECT_EQ(json_kind(json()), "null");
}

}  // namespace
}  // namespace chatkit
