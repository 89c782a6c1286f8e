#include "core/widget/template.hpp"

#include <gtest/gtest.h>

#include "support/fixtures.hpp"

namespace chatkit::widget {
namespace {

namespace fs = std::filesystem;
using chatkit::testing::list_dirs;
using chatkit::testing::read_file;
using chatkit::testing::read_json;

std::string test_name(const ::testing::TestParamInfo<fs::path>& info) { return info.param.filename().string(); }

Result<json> render_case(const fs::path& dir) {
  auto parsed = Template::parse(read_file(dir / "card.widget"), dir.filename().string());
  if (!parsed) return parsed.error();
  return parsed->render(read_json(dir / "data.json"));
}

// Golden templates: each renders its data to exactly the expected widget (checked against
// Jinja2 itself when the fixture was written), which is also its outputJsonPreview.
class TemplateGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(TemplateGolden, RendersTheExpectedWidget) {
  const fs::path dir = GetParam();
  auto widget = render_case(dir);
  ASSERT_TRUE(widget.ok()) << describe(widget.error());
  EXPECT_EQ(*widget, read_json(dir / "expected.json"));
  auto parsed = Template::parse(read_file(dir / "card.widget"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->preview(), read_json(dir / "expected.json"));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TemplateGolden, ::testing::ValuesIn(list_dirs("widget_templates/render")), test_name);

// Bad templates and bad data: each fails with exactly the expected code and message.
class TemplateErrors : public ::testing::TestWithParam<fs::path> {};

TEST_P(TemplateErrors, FailsWithTheExpectedMessage) {
  const fs::path dir = GetParam();
  const json expected = read_json(dir / "error.json");
  auto widget = render_case(dir);
  ASSERT_FALSE(widget.ok()) << "rendered " << to_wire(widget.value());
  EXPECT_EQ(error_info(widget.error().code).code, expected["code"].get<std::string>());
  EXPECT_EQ(widget.error().message, expected["message"].get<std::string>());
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TemplateErrors, ::testing::ValuesIn(list_dirs("widget_templates/errors")), test_name);

TEST(Template, IsParsedOnceAndRenderedWithDifferentData) {
  auto parsed = Template::from_source("greeting", R"({"type":"Card","children":[{"type":"Text","value":{{ who | tojson }}}]})");
  ASSERT_TRUE(parsed.ok()) << describe(parsed.error());
  const Template copy = *parsed;
  for (const std::string who : {"Ada", "Grace"}) {
    auto widget = copy.render({{"who", who}});
    ASSERT_TRUE(widget.ok()) << describe(widget.error());
    EXPECT_EQ((*widget)["children"][0]["value"], who);
  }
}

TEST(Template, NamesTheLineAndColumnOnLaterLines) {
  auto parsed = Template::from_source("multi", "{\n  \"type\": \"Card\",\n    {% if %}\n}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "multi:3:11: expected an expression, found '%}'");
}

TEST(Template, RefusesFilesThatAreNotWidgetTemplates) {
  EXPECT_EQ(Template::parse("[1]", "x.widget").error().message, "x.widget: a .widget file is a JSON object");
  EXPECT_EQ(Template::parse(R"({"name":"n"})").error().message, "n: a .widget file needs a \"template\" string");
  EXPECT_EQ(Template::parse(R"({"name":"n","template":3})").error().path, "$.template");
  EXPECT_EQ(Template::parse("{", "broken.widget").error().code, ErrorCode::invalid_json);
}

TEST(Template, RefusesDataThatIsNotAnObject) {
  auto parsed = Template::from_source("t", R"({"type":"Card","children":[]})");
  ASSERT_TRUE(parsed.ok());
  auto widget = parsed->render(json::array());
  ASSERT_FALSE(widget.ok());
  EXPECT_EQ(widget.error().code, ErrorCode::invalid_request);
}

TEST(Template, RefusesNestingDeepEnoughToExhaustTheStack) {
  auto parens = Template::from_source("deep", "{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}");
  ASSERT_FALSE(parens.ok());
  EXPECT_NE(parens.error().message.find("nested too deeply"), std::string::npos) << parens.error().message;
  std::string blocks;
  for (int i = 0; i < 5000; ++i) blocks += "{% if x %}";
  auto ifs = Template::from_source("deep", blocks);
  ASSERT_FALSE(ifs.ok());
  EXPECT_NE(ifs.error().message.find("nested too deeply"), std::string::npos) << ifs.error().message;
  auto negations = Template::from_source("deep", "{{ " + std::string(5000, '-') + "1 }}");
  ASSERT_FALSE(negations.ok());
}

TEST(Template, AcceptsOrdinaryNesting) {
  auto parsed = Template::from_source("nested", R"({"type":"Card","children":[{"type":"Text","value":"{{ ((((1 + 2)))) }}"}]})");
  ASSERT_TRUE(parsed.ok()) << describe(parsed.error());
  EXPECT_EQ((*parsed->render(json::object()))["children"][0]["value"], "3");
}

}  // namespace
}  // namespace chatkit::widget
