#include "core/render/markdown.hpp"

#include <gtest/gtest.h>

#include "dom_model.hpp"
#include "support/fixtures.hpp"

namespace chatkit::render {
namespace {

// A fixture's options: the thread's allowed_image_domains, when it names some.
MarkdownOptions options_of(const json& fixture) {
  return {.allowed_image_domains = fixture.value("allowed_image_domains", std::vector<std::string>{})};
}

std::size_t count(std::string_view text, std::string_view part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(Markdown, EveryFixtureRendersAsExpected) {
  const json cases = testing::read_json(testing::fixtures_dir() / "render" / "markdown.json");
  ASSERT_GE(cases.size(), 40u);
  for (const json& c : cases) {
    const std::vector<Node> nodes = render_markdown(c["markdown"].get<std::string>(), options_of(c));
    EXPECT_EQ(testing::to_html(nodes), c["html"].get<std::string>()) << c["name"];
    EXPECT_EQ(testing::safety_violation(nodes), "") << c["name"];
  }
}

TEST(Markdown, BlocksKnowWhereTheyStart) {
  const std::string text = "# Title\n\npara one\nstill one\n\n- a\n- b\n\n```\ncode\n```\nafter";
  const std::vector<Block> blocks = parse_blocks(text);
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_EQ(blocks[0].start, 0u);
  EXPECT_EQ(text.substr(blocks[1].start, 8), "para one");
  EXPECT_EQ(text.substr(blocks[2].start, 3), "- a");
  EXPECT_EQ(text.substr(blocks[3].start, 3), "```");
  EXPECT_EQ(text.substr(blocks[4].start), "after");
}

// What streaming relies on: re-parsing from the start of the last block gives the same blocks as
// parsing the whole text, for every prefix of every fixture, with or without allowed image domains.
TEST(Markdown, ReparsingFromTheLastBlockMatchesAWholeParse) {
  const json cases = testing::read_json(testing::fixtures_dir() / "render" / "markdown.json");
  std::string all;
  for (const json& c : cases) all += c["markdown"].get<std::string>() + "\n\n";
  for (const MarkdownOptions& options : {MarkdownOptions{}, MarkdownOptions{.allowed_image_domains = {"img.example", "example.com"}}}) {
    for (std::size_t cut = 0; cut <= all.size(); cut += 7) {
      const std::string_view prefix = std::string_view(all).substr(0, cut);
      const std::vector<Block> whole = parse_blocks(prefix, options);
      if (whole.empty()) continue;
      const std::size_t from = whole.back().start;
      const std::vector<Block> tail = parse_blocks(prefix.substr(from), options);
      ASSERT_EQ(tail.size(), 1u) << "at " << cut;
      EXPECT_EQ(tail[0].node, whole.back().node) << "at " << cut;
    }
  }
}

// Headings, quotes, list items, table cells and link text all render images with the options.
TEST(Markdown, AllowedImagesLoadInEveryKindOfBlock) {
  const std::string image = "![i](https://cdn.img.example/i.png)";
  const std::string text = "# " + image + "\n\n> " + image + "\n\n- " + image + "\n\n| h |\n|---|\n| " + image + " |\n\n[" +
                           image + "](/page)";
  EXPECT_EQ(count(testing::to_html(render_markdown(text, {.allowed_image_domains = {"img.example"}})), "<img"), 5u);
  const std::string refused = testing::to_html(render_markdown(text));
  EXPECT_EQ(count(refused, "<img"), 0u);
  EXPECT_EQ(count(refused, "href=\"https://cdn.img.example/i.png\""), 4u);  // in the link: its alt text only
  EXPECT_EQ(count(refused, "<a "), 5u);
}

TEST(Markdown, DeepNestingIsBounded) {
  const std::string quotes(100000, '>');
  const std::vector<Node> nodes = render_markdown(quotes + " deep");
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_NE(testing::to_html(nodes).find("deep"), std::string::npos);
  const std::string stars(20000, '*');
  EXPECT_EQ(testing::to_html(render_markdown("a " + stars + " b")), "<p class=\"ck-md-p\">a " + stars + " b</p>");
}

}  // namespace
}  // namespace chatkit::render
