#include "server/kit/widget_templates.hpp"

#include <gtest/gtest.h>

#include <array>

namespace chatkit::embedded {
// tests/fixtures/kit/*.widget, embedded by cmake/widget_templates.cmake (tests/CMakeLists.txt).
extern const std::span<const chatkit::server::kit::EmbeddedFile> kKitTestTemplates;
}  // namespace chatkit::embedded

namespace chatkit::server::kit {
namespace {

using nlohmann::json;

TEST(WidgetTemplates, EmbeddedFilesAreNamedByTheirFileNameAndRender) {
  ASSERT_EQ(embedded::kKitTestTemplates.size(), 2u);
  auto templates = WidgetTemplates::parse(embedded::kKitTestTemplates);
  ASSERT_TRUE(templates.ok()) << describe(templates.error());
  EXPECT_TRUE(templates->has("greeting"));
  EXPECT_TRUE(templates->has("farewell"));
  auto card = templates->render("greeting", {{"name", "Ada \"the first\""}, {"items", {{{"id", 7}, {"label", "Seven"}}}}});
  ASSERT_TRUE(card.ok()) << describe(card.error());
  EXPECT_EQ((*card)["children"][0]["value"], "Hello, Ada \"the first\"!");
  EXPECT_EQ((*card)["children"][1]["children"][0]["onClickAction"], json({{"type", "pick"}, {"payload", {{"id", 7}}}}));
  auto bye = templates->render("farewell", {{"name", "Bob"}});
  ASSERT_TRUE(bye.ok());
  EXPECT_EQ(*bye, json::parse(R"({"type":"Card","size":"sm","children":[{"type":"Text","value":"Goodbye Bob"}]})"));
}

TEST(WidgetTemplates, DataFailingTheSchemaIsRefusedNamingTheField) {
  auto templates = WidgetTemplates::parse(embedded::kKitTestTemplates);
  ASSERT_TRUE(templates.ok());
  auto card = templates->render("greeting", {{"items", json::array()}});
  ASSERT_FALSE(card.ok());
  EXPECT_EQ(card.error().code, ErrorCode::invalid_request);
  EXPECT_NE(describe(card.error()).find("name"), std::string::npos) << describe(card.error());
}

TEST(WidgetTemplates, AnUnknownNameIsAnErrorNotAnEmptyWidget) {
  auto templates = WidgetTemplates::parse(embedded::kKitTestTemplates);
  ASSERT_TRUE(templates.ok());
  auto card = templates->render("greting", {{"name", "x"}});
  ASSERT_FALSE(card.ok());
  EXPECT_NE(card.error().message.find("greting"), std::string::npos);
}

TEST(WidgetTemplates, ABrokenFileStopsParsingNamingTheFileLineAndColumn) {
  const std::array files = {
      EmbeddedFile{.name = "fine", .text = R"({"version":"1.0","name":"fine","template":"{\"type\":\"Card\",\"children\":[]}"})"},
      EmbeddedFile{.name = "broken",
                   .text = R"({"version":"1.0","name":"broken","template":"{\"type\":\"Card\",\n\"children\":[{{ x | nope }}]}"})"},
  };
  auto templates = WidgetTemplates::parse(files);
  ASSERT_FALSE(templates.ok());
  const std::string message = describe(templates.error());
  EXPECT_NE(message.find("broken.widget"), std::string::npos) << message;
  EXPECT_NE(message.find(":2:"), std::string::npos) << message;
  EXPECT_NE(message.find("nope"), std::string::npos) << message;
}

TEST(WidgetTemplates, TwoFilesOfOneNameAreRefused) {
  const std::string_view text = R"({"version":"1.0","name":"a","template":"{\"type\":\"Card\",\"children\":[]}"})";
  const std::array files = {EmbeddedFile{.name = "a", .text = text}, EmbeddedFile{.name = "a", .text = text}};
  auto templates = WidgetTemplates::parse(files);
  ASSERT_FALSE(templates.ok());
  EXPECT_NE(templates.error().message.find("two widget templates"), std::string::npos);
}

}  // namespace
}  // namespace chatkit::server::kit
